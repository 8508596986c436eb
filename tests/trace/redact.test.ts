import { describe, expect, it } from 'vitest'
import { redact } from '../../src/trace/redact.ts'

describe('redact', () => {
  it('blanks password fields in form bodies whatever their case', () => {
    expect(redact('grant_type=password&username=a%40b.com&password=s3cret')).toBe(
      'grant_type=password&username=a%40b.com&password=%5Bredacted%5D',
    )
    expect(redact('UserName=a%40b.com&Password=s3cret&AuthMethod=FormsAuthentication')).toBe(
      'UserName=a%40b.com&Password=%5Bredacted%5D&AuthMethod=FormsAuthentication',
    )
  })
  it('blanks secrets in JSON bodies and leaves other bodies alone', () => {
    expect(JSON.parse(redact('{"client_secret":"x","scope":"openid"}'))).toEqual({
      client_secret: '[redacted]',
      scope: 'openid',
    })
    expect(redact('{"JoinType":0}')).toBe('{"JoinType":0}')
    expect(redact('<html>password</html>')).toBe('<html>password</html>')
  })
  it("blanks the password inside a PRT request's JWT, keeping its other claims, header and signature", () => {
    const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const header = segment({ alg: 'RS256', x5c: 'MIIB' })
    const jwt = `${header}.${segment({ grant_type: 'password', username: 'a@b.com', password: 's3cret' })}.c2ln`
    const form = new URLSearchParams(redact(`grant_type=jwt-bearer&request=${jwt}`))
    const [redactedHeader, payload, signature] = form.get('request')!.split('.')
    expect([redactedHeader, signature]).toEqual([header, 'c2ln'])
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toEqual({
      grant_type: 'password',
      username: 'a@b.com',
      password: '[redacted]',
    })
    expect(form.toString()).not.toContain('s3cret')
  })
})
