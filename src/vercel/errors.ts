/**
 * Turns what the SDK throws or returns into one error type whose message names the fix.
 * Messages carry the HTTP status, the endpoint and Vercel's error code and text, never a request body.
 */

import type { QuotaRefusal } from './port.js'

export type FailureKind = 'http' | 'transport' | 'validation' | 'aborted'

export class VercelApiError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
    readonly operation: string,
    readonly status?: number,
    readonly code?: string,
    /** How long Vercel asked us to wait (429), in ms. */
    readonly retryAfterMs?: number,
    /** A deployment quota refused the request: waiting minutes does not help, the quota resets in hours. */
    readonly quota?: QuotaRefusal,
  ) {
    super(message)
    this.name = 'VercelApiError'
  }

  /** Worth another try: rate limits, server errors and dropped or timed-out connections. */
  get transient(): boolean {
    if (this.kind === 'transport') return true
    if (this.quota) return false
    return this.status === 429 || (this.status !== undefined && [500, 502, 503, 504].includes(this.status))
  }

  /** The request may have been carried out although no answer said so. */
  get ambiguous(): boolean {
    return this.kind === 'transport' || (this.status !== undefined && this.status >= 500)
  }
}

interface VercelErrorBody {
  code?: string
  message?: string
  limit?: { reset?: number; resetMs?: number; total?: number }
  invalidToken?: boolean
}

function errorBody(body: unknown): VercelErrorBody {
  if (typeof body !== 'string' || body === '') return {}
  try {
    const parsed = JSON.parse(body) as { error?: VercelErrorBody; err?: VercelErrorBody }
    // Some Vercel endpoints answer `err` instead of `error`.
    return parsed.error ?? parsed.err ?? {}
  } catch {
    return {}
  }
}

/** `Retry-After` (seconds or HTTP date), `Retry-After-Ms`, or the body's `limit.resetMs` / `limit.reset` (epoch s). */
export function retryAfterMs(headers: Headers | undefined, body: VercelErrorBody, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms')
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms))
  const ra = headers?.get('retry-after')
  if (ra) {
    if (/^\d+(\.\d+)?$/.test(ra.trim())) return Number(ra) * 1000
    const at = Date.parse(ra)
    if (!Number.isNaN(at)) return Math.max(0, at - now)
  }
  if (body.limit?.resetMs) return Math.max(0, body.limit.resetMs - now)
  if (body.limit?.reset) return Math.max(0, body.limit.reset * 1000 - now)
  return undefined
}

/** Vercel refused the team itself (a slug or ID that does not exist, or a team the token cannot see). */
const TEAM_REFUSED = /\bteam\b/i

function fixFor(status: number, what: string, body: VercelErrorBody): string {
  if (status === 401 || (status === 403 && body.invalidToken === true)) {
    return 'Check that vercel-token is valid and not expired (create a new token in Vercel under Account Settings > Tokens).'
  }
  // The team is the likelier mistake than the token's rights: a typo in the slug answers the same 403.
  if ((status === 403 || status === 404) && TEAM_REFUSED.test(body.message ?? '')) {
    return "Check team first: it must be the team's slug or ID exactly as Vercel shows it (Team Settings > General), e.g. my-team or team_...; a slug that does not exist answers like this. If it is right, the token cannot see that team: create the token with that team in its scope, or by a member of the team."
  }
  if (status === 403) {
    return `The token was accepted but may not do this for ${what}: give the token's user access to it (a team role that may edit its environment variables and create deployments, and access to the project), and check that team names the team that owns it.`
  }
  if (status === 402)
    return "Your Vercel plan's quota is used up (e.g. deployments per day). Wait for the quota to reset or upgrade the plan, then re-run."
  if (status === 404) return `Check the ${what.split(' ')[0]} name or ID and the team input: the token's scope must contain it.`
  if (status === 409) return 'Vercel reports a conflict; look at the variable in the dashboard and re-run.'
  if (status === 429) return 'Vercel rate limit reached and retries ran out of time; re-run later or raise timeout-minutes.'
  if (status >= 500) return 'Vercel had a server error; re-run the job (a re-run resumes where this one stopped).'
  return 'Check the inputs named in this message.'
}

/**
 * A deployment quota, told apart from the per-minute rate limit (`api-deployments` alone, retried): a 402, or a
 * code such as `api-deployments-free-per-day`, either as the error's code or quoted in its message.
 */
function quotaOf(status: number, body: VercelErrorBody): QuotaRefusal | undefined {
  const named = /api-deployments-[a-z0-9-]+/.exec(`${body.code ?? ''} ${body.message ?? ''}`)?.[0]
  if (status !== 402 && !named) return undefined
  // The 402's `reset` is epoch ms; a 429's `reset` is epoch seconds beside `resetMs`.
  const { reset: r, resetMs } = body.limit ?? {}
  const reset = typeof resetMs === 'number' ? resetMs : typeof r === 'number' && r > 0 ? (r < 1e12 ? r * 1000 : r) : undefined
  return { code: named ?? body.code ?? 'quota', ...(reset !== undefined ? { resetAt: reset } : {}) }
}

/** Converts anything an SDK call failed with into a VercelApiError. `what` names the object, e.g. "project web". */
export function toVercelError(err: unknown, operation: string, what: string): VercelApiError {
  if (err instanceof VercelApiError) return err
  const e = err as { name?: string; statusCode?: number; body?: unknown; headers?: Headers; message?: string }
  if (e?.name === 'RequestAbortedError') {
    return new VercelApiError(`${operation} for ${what} was cancelled.`, 'aborted', operation)
  }
  if (e?.name === 'ConnectionError' || e?.name === 'RequestTimeoutError' || e?.name === 'UnexpectedClientError') {
    const why = e.name === 'RequestTimeoutError' ? 'timed out' : 'lost its connection'
    return new VercelApiError(`${operation} for ${what} ${why}. Check api-url and the network; re-run to resume.`, 'transport', operation)
  }
  if (typeof e?.statusCode === 'number') {
    const status = e.statusCode
    if (status >= 200 && status < 300) {
      return new VercelApiError(
        `${operation} for ${what}: Vercel's answer (HTTP ${status}) did not have the expected shape. Report this with the action version.`,
        'validation',
        operation,
        status,
      )
    }
    const body = errorBody(e.body)
    const said = body.code || body.message ? ` Vercel said: ${[body.code, body.message].filter(Boolean).join(': ')}.` : ''
    const quota = quotaOf(status, body)
    return new VercelApiError(
      `${operation} for ${what} failed with HTTP ${status}.${said} ${fixFor(quota ? 402 : status, what, body)}`,
      'http',
      operation,
      status,
      body.code,
      status === 429 ? retryAfterMs(e.headers, body) : undefined,
      quota,
    )
  }
  if (e?.name === 'SDKValidationError') {
    return new VercelApiError(
      `${operation} for ${what}: the request was refused before sending (${e.message ?? 'invalid'}).`,
      'validation',
      operation,
    )
  }
  return new VercelApiError(`${operation} for ${what} failed: ${e?.message ?? String(err)}`, 'transport', operation)
}
