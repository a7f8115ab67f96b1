/**
 * Creating the redeploys: which deployments to rebuild, and the creates themselves, at most `maxParallel` in
 * flight, beside the wait. A redeploy an earlier attempt already made is adopted, never created twice; a quota
 * refusal stops every further create.
 */
import type { Deployment, QuotaRefusal, VercelPort } from '../../vercel/port.js'
import { mapLimit } from '../parallel.js'
import type { EnvironmentPlan, Logger, ProjectPlan } from '../types.js'
import { boundedFor } from './progress.js'
import { advance, created, describe, type Rollout, type RolloutKind } from './rollout.js'

export interface RedeployJob {
  project: ProjectPlan
  kind: RolloutKind
  environment?: EnvironmentPlan
  source: Deployment
  /** A redeploy of this source already made by an earlier attempt of this run: watched, not created again. */
  adopt?: Deployment
}

/** The rebuild of each covered environment that needs one, and each chosen preview. */
export function redeployJobs(projects: ProjectPlan[]): RedeployJob[] {
  const job = (project: ProjectPlan, kind: RolloutKind, source: Deployment, environment?: EnvironmentPlan): RedeployJob => {
    const adopt = project.inFlight.find((d) => d.meta.rotationSource === source.id)
    return { project, kind, source, ...(environment ? { environment } : {}), ...(adopt ? { adopt } : {}) }
  }
  return [
    ...projects.filter((p) => p.action === 'redeploy').map((p) => job(p, 'production', p.serving!)),
    ...projects.flatMap((p) => p.environments.filter((e) => e.action === 'redeploy').map((e) => job(p, 'custom', e.serving!, e))),
    ...projects.flatMap((p) => p.previews.map((source) => job(p, 'preview', source))),
  ]
}

/** What a quota refusal means for the run: what to do, and when. */
function quotaText(q: QuotaRefusal): string {
  const when = q.resetAt ? ` (at ${new Date(q.resetAt).toISOString()})` : ''
  return `Vercel's deployment quota is used up (${q.code}). A re-run after the quota resets${when} finishes the rest without redeploying what is done; or upgrade the plan.`
}

export interface RedeployOptions {
  maxParallel: number
  /** Local time, for when each create was answered. */
  now?: () => number
  meta: (job: RedeployJob) => Record<string, string>
  /** Whether a job's rebuild is created staged, without the production domains (promote: when-healthy). */
  staged?: (job: RedeployJob) => boolean
  signal?: AbortSignal
  log: Logger
}

/**
 * Starts the creates, at most `maxParallel` in flight, and returns every rollout at once: a rollout without a
 * deployment is still being created and is filled in when its create resolves, so waiting can start beside the
 * creates. `created` resolves once every create has resolved.
 */
export function startRedeploys(jobs: RedeployJob[], port: VercelPort, o: RedeployOptions): { rollouts: Rollout[]; created: Promise<void> } {
  const rollouts: Rollout[] = jobs.map(({ adopt, ...job }) => ({
    ...job,
    ...(o.staged?.(job) ? { staged: true } : {}),
    stage: 'building',
    probes: 0,
    nextProbeAt: 0,
    outcome: 'pending',
    ...(adopt ? { deployment: adopt } : {}),
  }))
  const lines = boundedFor(o.log)
  for (const job of jobs) {
    if (!job.adopt) continue
    lines.info(
      "earlier attempts' redeploys adopted",
      job.project.name,
      `${job.project.name}: ${describe(job)}: an earlier attempt's redeploy ${job.adopt.id} is ${job.adopt.state}; waiting for it instead of redeploying again.`,
    )
  }
  // Once a quota refuses one create, every further create would be refused too until it resets (hours away):
  // stop at once rather than send them all only to be told no.
  let quota: QuotaRefusal | undefined
  const toCreate = jobs.flatMap((job, i) => (job.adopt ? [] : [{ job, r: rollouts[i]! }]))
  const notCreated = (r: Rollout, reason: string) => advance(r, 'not-created', { reason })
  const done = mapLimit(toCreate, o.maxParallel, async ({ job, r }) => {
    if (o.signal?.aborted) return notCreated(r, 'Cancelled before its redeploy was created.')
    if (quota) return notCreated(r, `Not redeployed: ${quotaText(quota)}`)
    let deployment: Deployment
    try {
      deployment = await port.redeploy(job.source, o.meta(job), { staged: r.staged ?? false })
    } catch (err) {
      const refused = (err as { quota?: QuotaRefusal }).quota
      if (refused) {
        quota ??= refused
        return notCreated(r, `Not redeployed: ${quotaText(refused)}`)
      }
      return advance(r, o.signal?.aborted ? 'not-created' : 'failed', { reason: (err as Error).message })
    }
    lines.info(
      'redeploys created',
      job.project.name,
      `${job.project.name}: redeploying ${describe(job)} (${job.source.id}) as ${deployment.id} (${deployment.url})`,
    )
    created(r, deployment, (o.now ?? Date.now)())
  }).then(() => {
    lines.flush()
    if (!quota) return
    const left = rollouts.filter((r) => r.outcome === 'not-created').length
    o.log.warning(`${left} redeploy(s) not created: ${quotaText(quota)}`)
  })
  return { rollouts, created: done }
}
