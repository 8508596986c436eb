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
        {
          kind: 'or',
          filters: [
            { kind: 'equal', attribute: 'cn', value: 'a' },
            { kind: 'equal', attribute: 'cn', value: 'b' },
          ],
        },
      ],
    })
  })
  it('matches attribute names and values without case', () => {
    expect(matches(parseFilter('(OBJECTCLASS=Computer)'), computer)).toBe(true)
    expect(matches(parseFilter('(&(objectClass=computer)(userCertificate=*))'), computer)).toBe(true)
    expect(matches(parseFilter('(&(objectClass=computer)(!(userCertificate=*)))'), computer)).toBe(false)
  })
  it('reads an escaped star as a literal star, not as presence', () => {
    expect(parseFilter('(cn=\\2a)')).toEqual({ kind: 'equal', attribute: 'cn', value: '*' })
    expect(matches(parseFilter('(sAMAccountName=\\2a)'), computer)).toBe(false)
  })
  it('decodes escaped UTF-8 byte runs and options such as ;binary', () => {
    expect(parseFilter('(cn=Caf\\c3\\a9)')).toEqual({ kind: 'equal', attribute: 'cn', value: 'Café' })
    expect(matches(parseFilter('(userCertificate;binary=*)'), computer)).toBe(true)
  })
  it('matches substrings in order, anchored at both ends', () => {
    expect(parseFilter('(cn=DESK*7Q*LM)')).toEqual({
      kind: 'substring',
      attribute: 'cn',
      initial: 'DESK',
      any: ['7Q'],
      final: 'LM',
    })
    const match = (filter: string) => matches(parseFilter(filter), { cn: ['DESKTOP-7Q2K9LM'] })
    expect([match('(cn=desk*)'), match('(cn=*9lm)'), match('(cn=*-7q*)'), match('(cn=D*K*T*M)')]).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect([
      match('(cn=*desk)'),
      match('(cn=LM*)'),
      match('(cn=DESKTOP-7*7Q*)'),
      match('(cn=DESKTOP-7Q2K9L*LM)'),
    ]).toEqual([false, false, false, false])
  })
  it('refuses ordering, approximate and extensible matches by name, and bad attribute names', () => {
    expect(() => parseFilter('(whenChanged>=20260101000000.0Z)')).toThrow(
      'only equality, presence and substring filters are supported',
    )
    expect(() => parseFilter('(cn~=desk)')).toThrow(
      'only equality, presence and substring filters are supported',
    )
    expect(() => parseFilter('(cn:caseExactMatch:=x)')).toThrow(
      'only equality, presence and substring filters are supported',
    )
    expect(() => parseFilter('(c n=x)')).toThrow('"c n" is not an attribute description')
    expect(() => parseFilter('(cn=a\\zz)')).toThrow('a backslash not followed by two hex digits')
  })
  it('reads RFC 4515 escapes and refuses malformed filters', () => {
    expect(parseFilter('(cn=a\\2ab)')).toEqual({ kind: 'equal', attribute: 'cn', value: 'a*b' })
    expect(() => parseFilter('objectClass=computer')).toThrow('A filter must start with "("')
    expect(() => parseFilter('(&(cn=a)')).toThrow('Expected ")"')
    expect(() => parseFilter('(cn=a)junk')).toThrow('Unexpected text after the filter')
  })
})
