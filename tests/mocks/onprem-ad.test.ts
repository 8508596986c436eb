import { describe, expect, it } from 'vitest'
import { contosoHybrid } from '../../mocks/fixtures/tenant.ts'
import { createDirectory } from '../../mocks/onprem-ad.ts'
import { SCP_RDN } from '../../src/trace/ldap.ts'

const directory = () => createDirectory(contosoHybrid(false))!
const DOMAIN = 'DC=corp,DC=contoso,DC=com'
const COMPUTER = `CN=DESKTOP-7Q2K9LM,CN=Computers,${DOMAIN}`

describe('the emulated on-premises directory', () => {
  it('answers a base search on the SCP with its keywords only', () => {
    const [scp] = directory().search({
      base: `${SCP_RDN},${DOMAIN}`,
      scope: 'base',
      filter: '(objectClass=serviceConnectionPoint)',
      attributes: ['keywords'],
    })
    expect(scp).toEqual({
      dn: `${SCP_RDN},${DOMAIN}`,
      attributes: { keywords: ['azureADName:contoso.com', 'azureADId:9d53c6fa-b38e-4509-8fb1-51dedb421aac'] },
    })
  })
  it('honours scope: one level sees children, subtree sees descendants', () => {
    const ad = directory()
    const names = (scope: 'one' | 'sub') =>
      ad
        .search({ base: DOMAIN, scope, filter: '(objectClass=computer)', attributes: ['cn'] })
        .map((entry) => entry.dn)
    expect(names('one')).toEqual([])
    expect(names('sub')).toEqual([COMPUTER])
  })
  it('answers noSuchObject (32) for a missing base, and refuses a computer writing another object (50)', () => {
    const ad = directory()
    expect(() =>
      ad.search({ base: `CN=Nope,${DOMAIN}`, scope: 'base', filter: '(objectClass=*)', attributes: [] }),
    ).toThrow(expect.objectContaining({ resultCode: 32 }))
    expect(() =>
      ad.modify(
        `CN=Computers,${DOMAIN}`,
        [{ operation: 'replace', attribute: 'description', values: ['x'] }],
        COMPUTER,
      ),
    ).toThrow(expect.objectContaining({ resultCode: 50 }))
  })
  it('answers add and delete with RFC 4511 codes: a value already there (20), a value not there (16)', () => {
    const ad = directory()
    ad.modify(COMPUTER, [{ operation: 'add', attribute: 'userCertificate', values: ['MIIB'] }], COMPUTER)
    expect(() =>
      ad.modify(COMPUTER, [{ operation: 'add', attribute: 'userCertificate', values: ['MIIB'] }], COMPUTER),
    ).toThrow(expect.objectContaining({ resultCode: 20 }))
    expect(() =>
      ad.modify(
        COMPUTER,
        [{ operation: 'delete', attribute: 'userCertificate', values: ['MIIC'] }],
        COMPUTER,
      ),
    ).toThrow(expect.objectContaining({ resultCode: 16 }))
    ad.modify(COMPUTER, [{ operation: 'delete', attribute: 'usercertificate', values: [] }], COMPUTER)
    expect(
      ad.search({ base: COMPUTER, scope: 'base', filter: '(userCertificate=*)', attributes: [] }),
    ).toEqual([])
  })
  it('refuses to add an entry that exists (68)', () => {
    expect(() => directory().add({ dn: COMPUTER, attributes: { objectClass: ['computer'] } })).toThrow(
      expect.objectContaining({ resultCode: 68 }),
    )
  })
  it('lets the computer replace its own userCertificate', () => {
    const ad = directory()
    ad.modify(COMPUTER, [{ operation: 'replace', attribute: 'userCertificate', values: ['MIIB'] }], COMPUTER)
    expect(
      ad.search({
        base: DOMAIN,
        scope: 'sub',
        filter: '(userCertificate=*)',
        attributes: ['userCertificate'],
      }),
    ).toEqual([{ dn: COMPUTER, attributes: { userCertificate: ['MIIB'] } }])
  })
})
