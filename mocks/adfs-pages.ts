import { XMLBuilder } from 'fast-xml-parser'

/**
 * The pages AD FS's passive endpoint answers with, as well-formed XHTML. Every value is escaped by
 * the builder, so a user name full of markup stays text.
 */
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true })

function page(title: string, body: Record<string, unknown>): string {
  return builder.build({
    html: { '@xmlns': 'http://www.w3.org/1999/xhtml', head: { title }, body },
  }) as string
}

function hidden(fields: Record<string, string>) {
  return Object.entries(fields).map(([name, value]) => ({
    '@type': 'hidden',
    '@name': name,
    '@value': value,
  }))
}

export function signInPage(action: string, username: string, error?: string): string {
  return page('Sign In', {
    ...(error ? { p: { '@id': 'errorText', '#text': error } } : {}),
    form: {
      '@id': 'loginForm',
      '@method': 'post',
      '@action': action,
      input: [
        { '@id': 'userNameInput', '@name': 'UserName', '@type': 'email', '@value': username },
        { '@id': 'passwordInput', '@name': 'Password', '@type': 'password' },
        ...hidden({ AuthMethod: 'FormsAuthentication' }),
      ],
    },
  })
}

export function secondFactorPage(action: string, context: string, error?: string): string {
  return page('Additional authentication', {
    ...(error ? { p: { '@id': 'errorText', '#text': error } } : {}),
    form: {
      '@id': 'mfaForm',
      '@method': 'post',
      '@action': action,
      input: [
        { '@id': 'verificationCodeInput', '@name': 'VerificationCode', '@type': 'text' },
        ...hidden({ Context: context, AuthMethod: 'TotpAuthenticationProvider' }),
      ],
    },
  })
}

/** AD FS's "An error occurred" page: the reason, and no form to go on with. */
export function errorPage(reason: string): string {
  return page('An error occurred', { h1: 'An error occurred', p: { '@id': 'errorText', '#text': reason } })
}

/** The auto-posting form that carries the token to Azure AD (WS-Federation's wresult). */
export function tokenPostPage(wresult: string, wctx: string): string {
  return page('Working...', {
    form: {
      '@id': 'hiddenform',
      '@method': 'post',
      '@name': 'hiddenform',
      '@action': 'https://login.microsoftonline.com/login.srf',
      input: hidden({ wa: 'wsignin1.0', wresult, wctx }),
    },
  })
}
