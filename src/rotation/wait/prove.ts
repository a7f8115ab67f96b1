/**
 * Proving a deployment: one round of its health checks at its own URL, through Deployment Protection with the
 * credential `probe-auth` chooses. A pass proves it; an answer no credential of ours can pass (401/403) makes it
 * unhealthy at once; anything else is retried with backoff for `healthTimeoutMs` after it was READY, then it is
 * unhealthy: a wrong value is judged in minutes, not at the end of the whole wait.
 */
import type { ProbeAuth, VercelPort } from '../../vercel/port.js'
import { healthUrls, judgeProbe, mayCarryCredential, probeDelay } from '../health.js'
import type { Logger } from '../types.js'
import { boundedFor } from './progress.js'
import { advance, describe, type Rollout } from './rollout.js'

export interface ProveOptions {
  /** health-check paths or templates; empty proves by state alone. */
  checks: string[]
  /** The protection-bypass input; else each project's own automation bypass. */
  bypass?: string
  /** probe-auth: which credential passes Deployment Protection. */
  auth?: 'auto' | 'bypass' | 'oidc' | 'none'
  /** The job's OIDC token, fresh (the shell mints, masks and refreshes it); undefined when the job cannot mint one. */
  oidcToken?: () => Promise<string | undefined>
  /** How long a READY deployment may keep failing its health checks; unbounded (the wait's deadline) when unset. */
  healthTimeoutMs?: number
}

/** The credential for one project's probes, as probe-auth says: a bypass secret first under auto, else OIDC. */
async function authFor(r: Rollout, o: ProveOptions): Promise<{ auth: ProbeAuth; via: 'bypass' | 'oidc' | undefined }> {
  const mode = o.auth ?? 'auto'
  const bypass = o.bypass ?? r.project.bypass
  if ((mode === 'auto' || mode === 'bypass') && bypass) return { auth: { bypass }, via: 'bypass' }
  if (mode === 'auto' || mode === 'oidc') {
    const token = await o.oidcToken?.()
    if (token) return { auth: { oidcToken: token }, via: 'oidc' }
  }
  return { auth: undefined, via: undefined }
}

/** One round of health checks on a rollout being proven; true when it passed every one. */
export async function prove(r: Rollout, port: VercelPort, o: ProveOptions, now: number, log: Logger): Promise<boolean> {
  // A proof of what already serves is given its health timeout from its first probe.
  r.readySeenAt ??= now
  const { auth, via } = await authFor(r, o)
  for (const url of healthUrls(o.checks, r.deployment!.url)) {
    // The credential goes to the deployment's own host only: an OIDC token is replayable against Trusted Sources.
    const carries = mayCarryCredential(url, r.deployment!.url)
    const v = judgeProbe(await port.probe(url, carries ? auth : undefined), carries ? via : undefined)
    if (v.pass) continue
    const what = `${describe(r)} (${r.deployment!.id})`
    r.lastProbe = { url, reason: v.reason }
    const timedOut = o.healthTimeoutMs !== undefined && now - (r.readySeenAt ?? now) >= o.healthTimeoutMs
    // A check Deployment Protection refused says nothing of the value: the reason names the way through instead.
    r.reason = v.retry
      ? unhealthyReason(r, url, v.reason, what, timedOut ? o.healthTimeoutMs : undefined)
      : `Its health check GET ${url} was refused (${v.reason}). The new value is not proven in ${what}: keep the old credential valid until the check gets through.`
    if (!v.retry || timedOut) {
      advance(r, 'unhealthy')
      log.warning(`${r.project.name}: ${what} is unhealthy: ${v.reason}`)
      return false
    }
    r.probes++
    // The last try falls at the health timeout itself, so the verdict is not a whole backoff late.
    const verdictAt = o.healthTimeoutMs !== undefined ? (r.readySeenAt ?? now) + o.healthTimeoutMs : Infinity
    r.nextProbeAt = Math.min(now + probeDelay(r.probes), Math.max(now + 100, verdictAt))
    return false
  }
  if (o.checks.length > 0)
    boundedFor(log).info('health checks passed', r.project.name, `${r.project.name}: ${describe(r)} (${r.deployment!.id}) passed its health check.`)
  return true
}

/** Why a rollout is unhealthy: what failed, how long it was given, and whether the new value reached visitors. */
export function unhealthyReason(r: Rollout, url: string, why: string, what: string, gaveMs?: number | 'deadline'): string {
  const when =
    gaveMs === 'deadline'
      ? 'still did not pass at the timeout'
      : gaveMs !== undefined
        ? `still did not pass ${Math.round(gaveMs / 1000)} s after it was READY (health-timeout-minutes)`
        : 'did not pass'
  // Only a staged production rebuild is unexposed: it holds the new value, but production never served it.
  const where =
    r.exposed === false ? `The new value is in the staged rebuild of ${what}, which was never promoted,` : `The new value is live in ${what}`
  return `Its health check GET ${url} ${when} (${why}). ${where} but not working: keep the old credential valid, fix the value (update the secret), then rotate again.`
}
