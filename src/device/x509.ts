// @peculiar/x509 needs the Reflect polyfill loaded before it; device code imports x509 from here.
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'

export { x509 }
