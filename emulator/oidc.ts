/**
 * The runner's OIDC token service and Vercel's Trusted Sources, in small: `GET {ACTIONS_ID_TOKEN_REQUEST_URL}`
 * with `Authorization: Bearer {ACTIONS_ID_TOKEN_REQUEST_TOKEN}` answers `{ value: <JWT> }` as GitHub's does, and a
 * protected deployment lets a request through when its `x-vercel-trusted-oidc-idp-token` is a token this issuer
 * signed, not expired, for a repository the project trusts. Signed with HMAC: only this emulator checks them.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
/** Where the runner's token service is served, beside the API. */
export const OIDC_TOKEN_PATH = '/_actions/oidc/token'

export interface IdTokenIssuer {
  /** What the job presents to ask for a token (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  requestToken: string
  /** The repository the job runs in: the `repository` claim. */
  repository: string
  /** How long a token lives. GitHub's live minutes, not hours. */
  lifetimeMs: number
  key: Buffer
  /** Every token issued, for tests that look for it where it must not be. */
  issued: string[]
}

export function newIssuer(repository: string, lifetimeMs = 5 * 60_000): IdTokenIssuer {
  return { requestToken: randomBytes(16).toString('hex'), repository, lifetimeMs, key: randomBytes(32), issued: [] }
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
const sign = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest('base64url')

/** A token as GitHub's service answers it: the default audience is the repository owner's URL. */
export function issueIdToken(issuer: IdTokenIssuer, now: number, audience?: string): string {
  const iat = Math.floor(now / 1000)
  const claims = {
    iss: GITHUB_ISSUER,
    aud: audience ?? `https://github.com/${issuer.repository.split('/')[0]}`,
    sub: `repo:${issuer.repository}:ref:refs/heads/main`,
    repository: issuer.repository,
    iat,
    nbf: iat,
    exp: iat + Math.ceil(issuer.lifetimeMs / 1000),
    jti: randomBytes(8).toString('hex'),
  }
  const data = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`
  const token = `${data}.${sign(issuer.key, data)}`
  issuer.issued.push(token)
  return token
}

/** Whether a token is one this issuer signed, still valid, for one of the trusted repositories. */
export function verifyIdToken(issuer: IdTokenIssuer, token: string, trusted: string[], now: number): boolean {
  const [header, payload, signature] = token.split('.')
  if (!header || !payload || !signature) return false
  const expected = Buffer.from(sign(issuer.key, `${header}.${payload}`))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string; exp?: number; repository?: string }
  return claims.iss === GITHUB_ISSUER && (claims.exp ?? 0) * 1000 > now && trusted.includes(claims.repository ?? '')
}
