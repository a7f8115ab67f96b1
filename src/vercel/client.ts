/**
 * The SDK client every call shares: @vercel/sdk's VercelCore with the port's request hooks, the team scope, and one
 * way to call: the retry policy, the per-request timeout joined to the cancellation, Vercel's errors turned into
 * messages that name the fix, and answers kept even when the SDK's schema lags behind Vercel's.
 */
import { VercelCore } from '@vercel/sdk/core.js'
import { HTTPClient } from '@vercel/sdk/lib/http.js'
import { toVercelError, type VercelApiError } from './errors.js'
import { defaultPolicy, withRetry, type RetryPolicy } from './retry.js'
import { extraQuery } from './paging.js'
import { stagedCreates } from './staged.js'

export interface SdkOptions {
  token: string
  apiUrl: string
  team?: string
  /** Absolute epoch ms; no request or retry starts after it. */
  deadline: number
  signal?: AbortSignal
  requestTimeoutMs?: number
  onRetry?: RetryPolicy['onRetry']
  policy?: Partial<RetryPolicy>
  /** Called with every secret the port reads from Vercel (a protection bypass), before anything else sees it. */
  onSecret?: (secret: string) => void
}

export type SdkResult<T> = { ok: true; value: T } | { ok: false; error: unknown }

/** The 2xx body even when the SDK's schema no longer matches it (Vercel adds fields and enum values often). */
function valueOf<T>(r: SdkResult<T>): T {
  if (r.ok) return r.value
  const e = r.error as { statusCode?: number; rawValue?: unknown }
  if (typeof e?.statusCode === 'number' && e.statusCode < 300 && e.rawValue !== undefined) return e.rawValue as T
  throw r.error
}

/**
 * Vercel's published request limits, which @vercel/sdk 1.28.35 does not check. `projectIds` (an array the SDK's form
 * encoding sends as repeated keys) takes 1 to 20 IDs in Vercel's OpenAPI for the deployments listing; a listing's
 * `limit` is at most 100 (the REST API's pagination docs; the CLI pages with 100).
 */
export const PROJECTS_PER_LIST = 20
export const PAGE = 100

/**
 * The SDK spells the store read `/storage/stores/{id}`, gives it no team parameter and sends it without the bearer
 * token; Vercel's own CLI reads `/v1/storage/stores/{id}?teamId=` with its token. The request is sent the CLI's way.
 */
function storageRoute(apiUrl: string, scope: { teamId?: string; slug?: string }, token: string) {
  const base = new URL(apiUrl).pathname.replace(/\/+$/, '')
  return (req: Request): Request => {
    const url = new URL(req.url)
    if (!url.pathname.startsWith(`${base}/storage/stores/`)) return req
    url.pathname = `${base}/v1${url.pathname.slice(base.length)}`
    for (const [k, v] of Object.entries(scope)) url.searchParams.set(k, v)
    const scoped = new Request(url, req)
    scoped.headers.set('authorization', `Bearer ${token}`)
    return scoped
  }
}

/**
 * Keeps the raw JSON of each page of the project listing, by its `from` token. The SDK's listing schema is a union
 * of a full and a lean project shape and may keep the lean one, stripping the rollback state, the bypass and Skew
 * Protection, which planning reads; the raw page still has them.
 */
function listingCapture(apiUrl: string, pages: Map<string, unknown>) {
  const path = `${new URL(apiUrl).pathname.replace(/\/+$/, '')}/v10/projects`
  return async (res: Response, req: Request): Promise<void> => {
    const url = new URL(req.url)
    if (req.method !== 'GET' || url.pathname !== path || !res.ok) return
    pages.set(
      url.searchParams.get('from') ?? '',
      await res
        .clone()
        .json()
        .catch(() => undefined),
    )
  }
}

export class SdkClient {
  readonly client: VercelCore
  /** Raw pages of the project listing by their `from` token (listingCapture). */
  readonly listingPages = new Map<string, unknown>()
  readonly scope: { teamId?: string; slug?: string }
  readonly policy: RetryPolicy
  readonly signal?: AbortSignal
  readonly timeoutMs: number
  /** Called with every secret read from Vercel (a protection bypass), before anything else sees it. */
  readonly onSecret: (secret: string) => void

  constructor(o: SdkOptions) {
    this.onSecret = o.onSecret ?? (() => {})
    this.scope = !o.team ? {} : o.team.startsWith('team_') ? { teamId: o.team } : { slug: o.team }
    const http = new HTTPClient()
    http.addHook('beforeRequest', storageRoute(o.apiUrl, this.scope, o.token))
    http.addHook('beforeRequest', stagedCreates(o.apiUrl))
    http.addHook('beforeRequest', extraQuery())
    http.addHook('response', listingCapture(o.apiUrl, this.listingPages))
    // No debugLogger: the SDK's debug output includes request headers, and so the token.
    this.client = new VercelCore({ bearerToken: o.token, serverURL: o.apiUrl, httpClient: http })
    this.policy = { ...defaultPolicy(o.deadline, o.signal), onRetry: o.onRetry, ...o.policy }
    this.signal = o.signal
    this.timeoutMs = o.requestTimeoutMs ?? 30_000
  }

  /** One SDK call with the retry policy; `lookup` replaces a retry after an ambiguous failure. */
  async call<Raw, T = Raw>(
    operation: string,
    what: string,
    send: (opts: { timeoutMs?: number; signal?: AbortSignal }) => Promise<SdkResult<Raw>>,
    lookup?: (err: VercelApiError) => Promise<T | undefined>,
    convert: (raw: Raw) => T = (raw) => raw as unknown as T,
  ): Promise<T> {
    const once = async () => {
      let raw: Raw
      try {
        // The SDK ignores timeoutMs when given a signal, so the timeout joins the cancellation signal.
        const opts = this.signal ? { signal: AbortSignal.any([this.signal, AbortSignal.timeout(this.timeoutMs)]) } : { timeoutMs: this.timeoutMs }
        raw = valueOf(await send(opts))
      } catch (err) {
        throw toVercelError(err, operation, what)
      }
      return convert(raw)
    }
    return withRetry(once, this.policy, lookup)
  }

  teamName(): string {
    return this.scope.teamId ?? this.scope.slug ?? '(token scope)'
  }
}
