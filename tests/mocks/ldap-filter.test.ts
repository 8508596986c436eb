import { describe, expect, it } from 'vitest'
import { matches, parseFilter } from '../../mocks/ldap-filter.ts'

const computer = { objectClass: ['top', 'computer'], sAMAccountName: ['PC1$'], userCertificate: ['MIIB'] }

describe('LDAP search filters', () => {
  it('parses equality, presence, and, or, not', () => {
    expect(parseFilter('(&(objectClass=computer)(!(userCertificate=*))(|(cn=a)(cn=b)))')).toEqual({
      kind: 'and',
      filters: [
        { kind: 'equal', attribute: 'objectClass', value: 'computer' },
        { kind: 'not', filter: { kind: 'present', attribute: 'userCertificate' } },
        { kind: 'or', filters: [{ kind: 'equal', attribute: 'cn', value: 'a' }, { kind: 'equal', attribute: 'cn', value: 'b' }] },
      ],
    })
  })
  it('matches attribute names and values without case', () => {
    expect(matches(parseFilter('(OBJECTCLASS=Computer)'), computer)).toBe(true)
    expect(matches(parseFilter('(&(objectClass=computer)(userCertificate=*))'), computer)).toBe(true)
    expect(matches(parseFilter('(&(objectClass=computer)(!(userCertificate=*)))'), computer)).toBe(false)
  })
  it('reads RFC 4515 escapes and refuses malformed filters', () => {
    expect(parseFilter('(cn=a\\2ab)')).toEqual({ kind: 'equal', attribute: 'cn', value: 'a*b' })
    expect(() => parseFilter('objectClass=computer')).toThrow('A filter must start with "("')
    expect(() => parseFilter('(&(cn=a)')).toThrow('Expected ")"')
    expect(() => parseFilter('(cn=a)junk')).toThrow('Unexpected text after the filter')
  })
})
