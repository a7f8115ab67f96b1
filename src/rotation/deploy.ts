/**
 * Redeploys the serving deployments with a bounded number of creates in flight, then waits for all of them in one
 * polling loop that reads many deployments per request (the deployments list), not one GET per project per tick.
 */
import type { Deployment, VercelPort } from '../vercel/port.js'
import { mapLimit } from './parallel.js'
import type { Logger, ProjectPlan } from './types.js'

export interface Rollout {
  project: ProjectPlan
  kind: 'production' | 'preview'
  /** The deployment rebuilt. */
  source: Deployment
  deployment?: Deployment
  outcome: 'pending' | 'serving' | 'failed' | 'not-created'
  reason?: string
  /** We promoted our rebuild because Vercel staged it (after an Instant Rollback, or auto-assign off). */
  promoted?: boolean
}

export interface Clock {
  now: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** Vercel's own client: every 1 s for 15 s, every 5 s until a minute, every 15 s until 5 minutes, then every 30 s. */
export function pollingDelay(elapsedMs: number): number {
  if (elapsedMs < 15_000) return 1_000
  if (elapsedMs < 60_000) return 5_000
  if (elapsedMs < 300_000) return 15_000
  return 30_000
}

export interface RedeployJob {
  project: ProjectPlan
  kind: 'production' | 'preview'
  source: Deployment
}

/** The production rebuild of each project that needs one, and each chosen preview. */
export function redeployJobs(projects: ProjectPlan[], production: boolean): RedeployJob[] {
  return [
    ...projects.filter((p) => production && p.action === 'redeploy').map((p) => ({ project: p, kind: 'production' as const, source: p.serving! })),
    ...projects.flatMap((p) => p.previews.map((source) => ({ project: p, kind: 'preview' as const, source }))),
  ]
}

export async function redeployAll(
  jobs: RedeployJob[],
  port: VercelPort,
  o: { maxParallel: number; meta: (job: RedeployJob) => Record<string, string>; signal?: AbortSignal; log: Logger },
): Promise<Rollout[]> {
  return mapLimit(jobs, o.maxParallel, async (job): Promise<Rollout> => {
    if (o.signal?.aborted) return { ...job, outcome: 'not-created', reason: 'Cancelled before its redeploy was created.' }
    try {
      const deployment = await port.redeploy(job.source, o.meta(job))
      const what = job.kind === 'preview' ? `preview of ${job.source.branch ?? job.source.id}` : job.source.id
      o.log.info(`${job.project.name}: redeploying ${what} as ${deployment.id} (${deployment.url})`)
      return { ...job, deployment, outcome: 'pending' }
    } catch (err) {
      return { ...job, outcome: o.signal?.aborted ? 'not-created' : 'failed', reason: (err as Error).message }
    }
  })
}

const FAILED_STATES: Record<string, string> = {
  ERROR: 'The build failed (ERROR). Fix the build in Vercel, then re-run.',
  CANCELED: 'The build was canceled (an Ignored Build Step can cancel a redeploy). Allow the build, then re-run.',
  DELETED: 'The deployment was deleted before it served.',
  BLOCKED: 'The deployment was blocked (e.g. by a check or protection). Unblock it in Vercel, then re-run.',
}

async function judge(r: Rollout, d: Deployment, port: VercelPort, log: Logger): Promise<void> {
  r.deployment = { ...r.deployment!, state: d.state, substate: d.substate, aliasAssigned: d.aliasAssigned, url: d.url || r.deployment!.url }
  if (FAILED_STATES[d.state]) {
    r.outcome = 'failed'
    r.reason = d.errorMessage ? `${FAILED_STATES[d.state]} Vercel: ${d.errorMessage}` : FAILED_STATES[d.state]
    return
  }
  if (d.state !== 'READY') return
  if (r.kind === 'preview') {
    r.outcome = 'serving'
    return
  }
  if (d.substate === 'ROLLING') {
    r.reason = 'READY, but its rolling release is still in progress: the old deployment still serves part of the traffic.'
    return
  }
  if (d.substate === 'STAGED') {
    if (r.promoted) return
    // Vercel stops promoting after an Instant Rollback. Promoting our rebuild keeps the code the team chose
    // and gives it the new value, but only while production still serves the deployment we rebuilt: if
    // someone rolled back or promoted meanwhile, that choice is theirs and is never overridden.
    const serving = (await port.getProject(r.project.id)).servingProduction
    if (serving?.id !== r.source.id) {
      r.outcome = 'failed'
      r.reason = `Production changed during the rotation (it now serves ${serving?.id ?? 'nothing'}, not ${r.source.id}); the rebuild ${d.id} was left staged, not promoted. Decide what should serve, then re-run.`
      return
    }
    await port.promote(d.projectId || r.project.id, d.id)
    r.promoted = true
    log.info(`${r.project.name}: ${d.id} was staged, not serving; promoted it (a rebuild of the deployment that was serving).`)
    return
  }
  if (d.substate === 'PROMOTED' || d.aliasAssigned) {
    r.outcome = 'serving'
    r.reason = undefined
  }
}

/** Polls until every pending rollout serves production, fails, the deadline passes, or the run is cancelled. */
export async function waitUntilServing(
  rollouts: Rollout[],
  port: VercelPort,
  o: { deadline: number; clock: Clock; signal?: AbortSignal; log: Logger },
): Promise<void> {
  const start = o.clock.now()
  for (;;) {
    const pending = rollouts.filter((r) => r.outcome === 'pending')
    if (pending.length === 0 || o.signal?.aborted) return
    const now = o.clock.now()
    if (now >= o.deadline) {
      for (const r of pending) {
        r.outcome = 'failed'
        r.reason = `Not serving production before the timeout (state ${r.deployment?.state}${r.deployment?.substate ? `/${r.deployment.substate}` : ''}). ${r.reason ?? ''}`.trim()
      }
      return
    }
    try {
      await o.clock.sleep(Math.min(pollingDelay(now - start), o.deadline - now), o.signal)
    } catch {
      return // cancelled
    }
    const since = Math.min(...pending.map((r) => r.deployment!.createdAt)) - 1
    let listed: Deployment[]
    try {
      listed = await port.listDeployments({ projectIds: [...new Set(pending.map((r) => r.project.id))], since })
    } catch (err) {
      // The port already retried; keep waiting until the deadline rather than give up on builds that may be fine.
      o.log.warning(`Reading deployment states failed; trying again: ${(err as Error).message}`)
      continue
    }
    const byId = new Map(listed.map((d) => [d.id, d]))
    for (const r of pending) {
      const d = byId.get(r.deployment!.id)
      if (!d) continue
      try {
        await judge(r, d, port, o.log)
      } catch (err) {
        r.outcome = 'failed'
        r.reason = (err as Error).message
      }
    }
    o.log.debug(`waiting: ${rollouts.filter((r) => r.outcome === 'pending').length} of ${rollouts.length} redeploys pending`)
  }
}
