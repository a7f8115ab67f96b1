/**
 * Proving a serving deployment: one round of its health checks at its own URL, through Deployment Protection
 * when a bypass secret is known. A pass proves it; an answer that cannot pass (401/403 without a way through)
 * makes it unhealthy at once; anything else is retried with backoff.
 */
import type { VercelPort } from '../../vercel/port.js'
import { healthUrls, judgeProbe, probeDelay } from '../health.js'
import type { Logger } from '../types.js'
import { boundedFor } from './progress.js'
import { advance, describe, type Rollout } from './rollout.js'

export interface ProveOptions {
  /** health-check paths or templates; empty proves by state alone. */
  checks: string[]
  /** The protection-bypass input; else each project's own automation bypass. */
  bypass?: string
}

/** One round of health checks on a serving rollout; on success it is proven. */
export async function prove(r: Rollout, port: VercelPort, o: ProveOptions, now: number, log: Logger): Promise<void> {
  const bypass = o.bypass ?? r.project.bypass
  for (const url of healthUrls(o.checks, r.deployment!.url)) {
    const v = judgeProbe(await port.probe(url, bypass), !!bypass)
    if (v.pass) continue
    const what = `${describe(r)} (${r.deployment!.id})`
    r.reason = unhealthyReason(url, v.reason, what, false)
    r.lastProbe = { url, reason: v.reason }
    if (!v.retry) {
      advance(r, 'unhealthy')
      log.warning(`${r.project.name}: ${what} is unhealthy: ${v.reason}`)
      return
    }
    r.probes++
    r.nextProbeAt = now + probeDelay(r.probes)
    return
  }
  advance(r, 'serving', { reason: undefined })
  if (o.checks.length > 0)
    boundedFor(log).info('health checks passed', r.project.name, `${r.project.name}: ${describe(r)} (${r.deployment!.id}) passed its health check.`)
}

export function unhealthyReason(url: string, why: string, what: string, atTimeout: boolean): string {
  const when = atTimeout ? 'still did not pass at the timeout' : 'did not pass'
  return `Its health check GET ${url} ${when} (${why}). The new value is live in ${what} but not working: keep the old credential valid, fix the value (update the secret), then rotate again.`
}
