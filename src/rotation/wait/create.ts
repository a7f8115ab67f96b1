/**
 * Creating the redeploys: which deployments to rebuild, and the creates themselves, at most `maxParallel` in
 * flight, beside the wait. A redeploy an earlier attempt already made is adopted, never created twice; a quota
 * refusal stops every further create.
 *
 * Staged creates (promote: when-healthy) are only as safe as Vercel's answer: no public source says whether a
 * redeploy honours `autoAssignCustomDomains: false`. So the first staged create goes alone, and the rest follow
 * once its answer shows it staged. Wherever Vercel answers a staged create as not staged, that project becomes a
 * canary of one: no other project's create is sent until it has passed, and if it fails the rest are held back.
 * Creates already sent when such an answer arrives cannot be recalled; the log says which.
 */
import type { Deployment, QuotaRefusal, VercelPort } from '../../vercel/port.js'
import { mapLimit } from '../parallel.js'
import type { EnvironmentPlan, Logger, ProjectPlan } from '../types.js'
import { boundedFor } from './progress.js'
import { CANARY_OF_ONE, HELD_BACK } from '../canary.js'
import { notStagedWarning } from './judge.js'
import { advance, changed, created, describe, phaseOf, type Rollout, type RolloutKind } from './rollout.js'

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

/** Why the creates behind a rebuild Vercel did not stage were held back, when it did not pass. */
export function notStagedHeldReason(bad: Rollout[]): string {
  const first = bad[0]!
  const names = [...new Set(bad.map((r) => r.project.name))].join(', ')
  return (
    `${HELD_BACK} ${names} did not pass (${first.outcome}${first.reason ? `: ${first.reason}` : ''}). Vercel did not stage its rebuild, so it went first alone, ${CANARY_OF_ONE}, and no other project was rebuilt. ` +
    'Fix that, then re-run: the first rebuild goes alone again, and the rest follow once it passes.'
  )
}

/**
 * Starts the creates, at most `maxParallel` in flight, and returns every rollout at once: a rollout without a
 * deployment is still being created and is filled in when its create resolves, so waiting can start beside the
 * creates. `created` resolves once every create has resolved; `stop` ends every wait of a create held back behind
 * a canary of one (the wait calls it when it ends: at the deadline, or cancelled).
 */
export function startRedeploys(
  jobs: RedeployJob[],
  port: VercelPort,
  o: RedeployOptions,
): { rollouts: Rollout[]; created: Promise<void>; stop: () => void } {
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
  // The first staged create goes alone: its answer tells whether Vercel stages a redeploy at all. One that fails
  // without an answer tells nothing, so the next staged create goes alone in its place.
  let pilot: (typeof toCreate)[number] | undefined
  /** Creates sent and not yet answered. */
  const sending = new Set<Rollout>()
  let stopped = false
  let wakeStopped: () => void = () => {}
  const stoppedWait = new Promise<void>((resolve) => (wakeStopped = resolve))
  const stop = () => {
    stopped = true
    wakeStopped()
  }
  /** Whether a create must wait for `w`: Vercel did not stage it, or (the first) has not yet said. */
  const mustWaitFor = (w: Rollout) =>
    w.outcome === 'pending' && (w.vercelStaged === false || (w === pilot?.r && w.vercelStaged === undefined && phaseOf(w) === 'building'))
  /** Waits while a rebuild of another project that Vercel did not stage is unproven; the reason when held back. */
  const holdBehind = async (job: RedeployJob): Promise<string | undefined> => {
    for (;;) {
      const others = rollouts.filter((w) => w.staged && w.project !== job.project)
      const bad = others.filter((w) => w.vercelStaged === false && w.outcome !== 'pending' && w.outcome !== 'serving')
      if (bad.length > 0) return notStagedHeldReason(bad)
      const waitFor = others.filter(mustWaitFor)
      if (waitFor.length === 0) return undefined
      if (stopped || o.signal?.aborted) {
        const w = waitFor[0]!
        const why =
          w.vercelStaged === false
            ? 'whose rebuild Vercel did not stage, was being proven (a canary of one)'
            : 'whose rebuild Vercel had not yet shown staged'
        return `Not redeployed: the run ended while ${w.project.name}, ${why}. Re-run: it resumes.`
      }
      await Promise.race([...waitFor.map(changed), stoppedWait])
    }
  }
  const createOne = async ({ job, r }: { job: RedeployJob; r: Rollout }) => {
    if (o.signal?.aborted) return notCreated(r, 'Cancelled before its redeploy was created.')
    if (quota) return notCreated(r, `Not redeployed: ${quotaText(quota)}`)
    const held = await holdBehind(job)
    if (held) return notCreated(r, held)
    if (o.signal?.aborted) return notCreated(r, 'Cancelled before its redeploy was created.')
    let deployment: Deployment
    sending.add(r)
    try {
      deployment = await port.redeploy(job.source, o.meta(job), { staged: r.staged ?? false })
    } catch (err) {
      const refused = (err as { quota?: QuotaRefusal }).quota
      if (refused) {
        quota ??= refused
        return notCreated(r, `Not redeployed: ${quotaText(refused)}`)
      }
      return advance(r, o.signal?.aborted ? 'not-created' : 'failed', { reason: (err as Error).message })
    } finally {
      sending.delete(r)
    }
    lines.info(
      'redeploys created',
      job.project.name,
      `${job.project.name}: redeploying ${describe(job)} (${job.source.id}) as ${deployment.id} (${deployment.url})`,
    )
    created(r, deployment, (o.now ?? Date.now)())
    if (r.vercelStaged === false) {
      // Said at once, not at the end: what was sent meanwhile cannot be called back.
      const sent = [...sending].filter((w) => w.project !== r.project)
      const recalled = sent.length
        ? ` ${sent.length} create(s) already sent (${[...new Set(sent.map((w) => w.project.name))].join(', ')}) cannot be recalled.`
        : ''
      o.log.warning(`${notStagedWarning(r, 'answered autoAssignCustomDomains: true')}${recalled}`)
    }
  }
  const done = (async () => {
    const alone = new Set<(typeof toCreate)[number]>()
    for (const x of toCreate.filter((x) => x.r.staged)) {
      pilot = x
      alone.add(x)
      await createOne(x)
      if (x.r.deployment || quota || o.signal?.aborted) break
    }
    await mapLimit(
      toCreate.filter((x) => !alone.has(x)),
      o.maxParallel,
      createOne,
    )
  })().then(() => {
    lines.flush()
    if (!quota) return
    const left = rollouts.filter((r) => r.outcome === 'not-created').length
    o.log.warning(`${left} redeploy(s) not created: ${quotaText(quota)}`)
  })
  return { rollouts, created: done, stop }
}

/** `3 production, 1 preview`. */
export function countOf(jobs: RedeployJob[]): string {
  const count = (k: Rollout['kind']) => jobs.filter((j) => j.kind === k).length
  return [
    `${count('production')} production`,
    count('custom') ? `${count('custom')} custom-environment` : '',
    count('preview') ? `${count('preview')} preview` : '',
  ]
    .filter(Boolean)
    .join(', ')
}

/** Rollouts of the jobs a failed canary held back: never created, each with the reason. */
export function heldBack(jobs: RedeployJob[], reason: string): Rollout[] {
  return jobs.map(({ adopt: _, ...job }) => ({ ...job, stage: 'building', outcome: 'not-created', reason, probes: 0, nextProbeAt: 0 }))
}
