/**
 * When a deployment counts as proven: its Vercel Deployment Checks did not fail, it answers every health check
 * with a 2xx, and any Skew Protection window has closed. Pure; the requests go through the port.
 */
import type { Deployment, ProbeResult } from '../vercel/port.js'

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1'])

export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname)
}

const bareHost = (host: string) => host.replace(/^https?:\/\//, '').replace(/\/+$/, '')

/** The URLs to fetch for one deployment: a path goes after `https://{url}`, a template has `{url}` replaced. */
export function healthUrls(checks: string[], host: string): string[] {
  const bare = bareHost(host)
  return checks.map((c) => (c.includes('{url}') ? c.split('{url}').join(bare) : `https://${bare}${c}`))
}

/**
 * Where a health-check template sends its request, as the URL parser that fetch uses reads it: `deployment` when
 * the host is exactly what `{url}` fills in (filled with two different names, the host follows both, so no
 * literal host or `{url}` in a path, a user name or a longer host name passes), `loopback` for a template on
 * this machine (the local emulator serves deployments so), else `other`; `invalid` when it is no URL at all.
 */
export function templateHost(template: string): 'deployment' | 'loopback' | 'other' | 'invalid' {
  const fill = (name: string) => {
    try {
      return new URL(template.split('{url}').join(name))
    } catch {
      return undefined
    }
  }
  const a = fill('deployment-a.invalid')
  const b = fill('deployment-b.invalid')
  if (!a || !b) return 'invalid'
  if (a.username || a.password) return 'other'
  if (a.hostname === 'deployment-a.invalid' && b.hostname === 'deployment-b.invalid') return 'deployment'
  return isLoopback(a.hostname) && a.hostname === b.hostname ? 'loopback' : 'other'
}

/**
 * Whether a health check's URL may carry the credential (bypass secret, OIDC token): only to the deployment's own
 * host, or to loopback. The inputs refuse other templates; this holds even if one got through.
 */
export function mayCarryCredential(url: string, deploymentHost: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (u.username || u.password) return false
  return u.hostname === bareHost(deploymentHost).toLowerCase() || isLoopback(u.hostname)
}

export type ProbeVerdict = { pass: true } | { pass: false; retry: boolean; reason: string }

/**
 * A 2xx passes. Connection errors, 404 (not reachable yet), 408, 425, 429 and 5xx are retried: a new deployment
 * may be cold. 401/403 mean Deployment Protection stopped the check, which waiting does not fix.
 */
export function judgeProbe(r: ProbeResult, via: 'bypass' | 'oidc' | undefined): ProbeVerdict {
  if ('error' in r) return { pass: false, retry: true, reason: `the request failed (${r.error})` }
  if (r.status >= 200 && r.status < 300) return { pass: true }
  if (r.status === 401 || r.status === 403) {
    const fix =
      via === 'bypass'
        ? 'the protection-bypass secret was refused: check that it is the project\'s current "Protection Bypass for Automation" secret'
        : via === 'oidc'
          ? "the job's GitHub OIDC token was refused: add a Trusted Sources rule for this repository's GitHub Actions tokens (Project Settings > Deployment Protection > Trusted Sources), and check that its environments (`to`) include the one probed and that it pins no `aud` claim other than GitHub's default audience (the token is requested without one); or use probe-auth: bypass"
          : 'Deployment Protection refused it: set protection-bypass to the project\'s "Protection Bypass for Automation" secret (Project Settings > Deployment Protection), or grant the job id-token: write and trust it in Trusted Sources (probe-auth: oidc)'
    return { pass: false, retry: false, reason: `HTTP ${r.status}: ${fix}` }
  }
  const retry = r.status === 404 || r.status === 408 || r.status === 425 || r.status === 429 || r.status >= 500
  return { pass: false, retry, reason: `HTTP ${r.status}` }
}

/** Backoff between health-check attempts on one deployment: 1, 2, 4, 8, 15, 15... seconds. */
export function probeDelay(attempt: number): number {
  return Math.min(15_000, 1_000 * 2 ** Math.max(0, attempt - 1))
}

/**
 * Vercel Deployment Checks: while they run it is not proven yet; once concluded, only `succeeded` passes
 * (`failed`, `canceled` and `skipped` are each not a pass). No conclusion at all means no checks.
 */
export function checksVerdict(d: Pick<Deployment, 'checksState' | 'checksConclusion'>): 'passed' | 'running' | 'failed' {
  if (d.checksConclusion && d.checksConclusion !== 'succeeded') return 'failed'
  if (d.checksState === 'registered' || d.checksState === 'running') return 'running'
  return 'passed'
}

/** How Vercel measures Skew Protection for one project: the rolling window, and the time before which it is off. */
export interface SkewSettings {
  skewMaxAgeMs?: number
  skewBoundaryAt?: number
}

/**
 * When clients pinned to a deployment built with the old value stop reaching it: Skew Protection keeps it for
 * `skewProtectionMaxAge` from its creation, and never for one created before `skewProtectionBoundaryAt`.
 * 0 when there is no window.
 */
export function skewWindowEnd(createdAt: number | undefined, s: SkewSettings): number {
  if (createdAt === undefined || !s.skewMaxAgeMs) return 0
  if (s.skewBoundaryAt !== undefined && createdAt < s.skewBoundaryAt) return 0
  return createdAt + s.skewMaxAgeMs
}

/**
 * When revoking is safe for one environment: once its new deployment serves, and once the deployment it replaced
 * (created at `oldCreatedAt`, built with the old value) left the Skew Protection window, whichever is later.
 */
export function revokeAfter(servedAt: number, oldCreatedAt: number | undefined, s: SkewSettings): number {
  return Math.max(servedAt, skewWindowEnd(oldCreatedAt, s))
}
