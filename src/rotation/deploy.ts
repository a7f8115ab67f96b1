/**
 * Redeploys what serves each covered environment with a bounded number of creates in flight, then waits for all
 * of them in one loop: deployment states come from the deployments list (many per request, not one GET per
 * project per tick), and each deployment that serves is then proven by its checks and health checks.
 */
import type { Deployment, QuotaRefusal, VercelPort } from '../vercel/port.js'
import { checksVerdict, healthUrls, judgeProbe, probeDelay } from './health.js'
import { mapLimit } from './parallel.js'
import { boundedFor } from './progress.js'
import type { EnvironmentPlan, Logger, ProjectPlan } from './types.js'

export type RolloutKind = 'production' | 'custom' | 'preview'

export interface Rollout {
  project: ProjectPlan
  kind: RolloutKind
  /** The custom environment, for kind custom. */
  environment?: EnvironmentPlan
  /** The deployment rebuilt (or, for a proof of what already serves, that deployment). */
  source: Deployment
  deployment?: Deployment
  outcome: 'pending' | 'serving' | 'failed' | 'unhealthy' | 'not-created'
  /** building: not yet READY and serving; proving: serving, its health checks not yet passed. */
  stage: 'building' | 'proving'
  reason?: string
  /** We promoted our rebuild because Vercel staged it (after an Instant Rollback, or auto-assign off). */
  promoted?: boolean
  /** Epoch ms it was first seen serving. */
  servedAt?: number
  /** The last failed health-check answer, for the message at the timeout. */
  lastProbe?: { url: string; reason: string }
  /** on-unhealthy: rollback put production back on this (pre-rotation) deployment. */
  rolledBackTo?: string
  probes: number
  nextProbeAt: number
  /** Local epoch ms its create was answered (or the wait first saw it): when it is due counts from here. */
  seenAt?: number
  /** Local epoch ms its state was last asked for. */
  lastReadAt?: number
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

/** The soonest one read of build states follows the last: builds finishing near each other share a read. */
const MIN_READ_GAP_MS = 100
const DUE_SLACK_MS = 150
const OVERDUE_READ_MS = 1_000
/**
 * Overdue builds are read each second only while one request covers them all (the port asks for 50 projects
 * at a time): a queue of hundreds is read on the schedule, and only its last builds each second.
 */
const OVERDUE_EAGER_MAX = 50

/** How long a READY deployment took from its create, by Vercel's own clock (so the runner's clock skew cancels out). */
export function buildTook(d: Deployment): number | undefined {
  return d.readyAt !== undefined && d.readyAt > d.createdAt ? d.readyAt - d.createdAt : undefined
}

/** How long this run's rebuilds take: the median of those READY so far; undefined before any is. */
export function typicalBuildMs(ready: Deployment[]): number | undefined {
  const took = ready
    .map(buildTook)
    .filter((ms): ms is number => ms !== undefined)
    .sort((a, b) => a - b)
  return took.length > 0 ? took[Math.floor(took.length / 2)] : undefined
}

/** When a build is read for being due: a little after, so that one read usually finds it READY. */
export const readWhenDue = (dueAt: number) => dueAt + DUE_SLACK_MS

/**
 * When to read one waiting build next: on Vercel's schedule counted from its own create (`seenAt`), or just after
 * it is due, whichever comes first. Builds of one project take about as long as each other, so a finished build is
 * looked for then, not up to a whole interval (30 s, late on) after. Builds still vary, and `dueAt` is a median:
 * one found still building when due is read again each second (when `eager`) until it has taken twice as long,
 * then on the schedule, so a stuck build is never hammered.
 */
export function buildReadAt(seenAt: number, lastReadAt: number, dueAt: number | undefined, eager = true): number {
  const scheduled = lastReadAt + pollingDelay(lastReadAt - seenAt)
  if (dueAt === undefined) return scheduled
  if (readWhenDue(dueAt) > lastReadAt) return Math.min(scheduled, readWhenDue(dueAt))
  return eager && isOverdue(seenAt, lastReadAt, dueAt) ? Math.min(scheduled, lastReadAt + OVERDUE_READ_MS) : scheduled
}

/** Read after its due time and not yet twice as long. */
const isOverdue = (seenAt: number, lastReadAt: number, dueAt: number) =>
  readWhenDue(dueAt) <= lastReadAt && lastReadAt - seenAt < 2 * (dueAt - seenAt)

/**
 * When each waiting build is next read, on its own schedule. A create still in flight has nothing to read yet:
 * `wake` looks again a second on, and its build's schedule starts once the create is answered.
 */
function readSchedule(building: Rollout[], typical: number | undefined, now: number): { readAt: Map<Rollout, number>; wake: number } {
  let wake = Infinity
  const builds: { r: Rollout; seen: number; last: number; dueAt?: number }[] = []
  for (const r of building) {
    if (!r.deployment) {
      wake = Math.min(wake, now + pollingDelay(0))
      continue
    }
    const ms = typical ?? buildTook(r.source)
    const seen = r.seenAt ?? now
    builds.push({ r, seen, last: r.lastReadAt ?? seen, ...(ms !== undefined ? { dueAt: seen + ms } : {}) })
  }
  const overdue = builds.filter((b) => b.dueAt !== undefined && isOverdue(b.seen, b.last, b.dueAt)).length
  const readAt = new Map(builds.map((b) => [b.r, buildReadAt(b.seen, b.last, b.dueAt, overdue <= OVERDUE_EAGER_MAX)]))
  return { readAt, wake }
}

/** When the next read happens: when the soonest build wants one, but never sooner than the gap after the last. */
export function nextReadAt(lastRead: number, readAts: number[]): number {
  return Math.max(lastRead + MIN_READ_GAP_MS, Math.min(...readAts))
}

/**
 * The states a read asks for: those that end the wait for a build. A build still queued or building is not
 * listed, so a read costs what finished since the last one, not every build still waiting (the CLI's
 * `vercel ls --status` sends the same comma-separated `state`).
 */
export const SETTLED_STATES = ['READY', 'ERROR', 'CANCELED', 'BLOCKED']

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

/** A rollout that creates nothing: it proves a deployment that already serves (verify, already-current). */
export function proofOf(project: ProjectPlan, kind: RolloutKind, serving: Deployment, environment?: EnvironmentPlan): Rollout {
  return {
    project,
    kind,
    environment,
    source: serving,
    deployment: serving,
    outcome: 'pending',
    stage: 'proving',
    probes: 0,
    nextProbeAt: 0,
    servedAt: serving.readyAt ?? serving.createdAt,
  }
}

export function describe(r: Pick<Rollout, 'kind' | 'source' | 'environment'>): string {
  if (r.kind === 'custom') return `environment ${r.environment?.slug}`
  if (r.kind === 'preview') return `preview of ${r.source.branch ?? r.source.id}`
  return 'production'
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
  const notCreated = (r: Rollout, reason: string) => void Object.assign(r, { outcome: 'not-created', reason })
  const created = mapLimit(toCreate, o.maxParallel, async ({ job, r }) => {
    if (o.signal?.aborted) return notCreated(r, 'Cancelled before its redeploy was created.')
    if (quota) return notCreated(r, `Not redeployed: ${quotaText(quota)}`)
    try {
      const deployment = await port.redeploy(job.source, o.meta(job))
      lines.info(
        'redeploys created',
        job.project.name,
        `${job.project.name}: redeploying ${describe(job)} (${job.source.id}) as ${deployment.id} (${deployment.url})`,
      )
      r.deployment = deployment
      r.seenAt = (o.now ?? Date.now)()
    } catch (err) {
      const refused = (err as { quota?: QuotaRefusal }).quota
      if (refused) {
        quota ??= refused
        return notCreated(r, `Not redeployed: ${quotaText(refused)}`)
      }
      Object.assign(r, { outcome: o.signal?.aborted ? 'not-created' : 'failed', reason: (err as Error).message })
    }
  }).then(() => {
    lines.flush()
    if (!quota) return
    const left = rollouts.filter((r) => r.outcome === 'not-created').length
    o.log.warning(`${left} redeploy(s) not created: ${quotaText(quota)}`)
  })
  return { rollouts, created }
}

const FAILED_STATES: Record<string, string> = {
  ERROR: 'The build failed (ERROR). Fix the build in Vercel, then re-run.',
  CANCELED: 'The build was canceled (an Ignored Build Step can cancel a redeploy). Allow the build, then re-run.',
  DELETED: 'The deployment was deleted before it served.',
  BLOCKED: 'The deployment was blocked (e.g. by a check or protection). Unblock it in Vercel, then re-run.',
}

/** Moves one building rollout on from its listed state; true when it now serves. */
async function judge(r: Rollout, d: Deployment, port: VercelPort, log: Logger): Promise<boolean> {
  r.deployment = { ...r.deployment!, ...d, url: d.url || r.deployment!.url, projectId: d.projectId || r.project.id }
  if (FAILED_STATES[d.state]) {
    r.outcome = 'failed'
    r.reason = d.errorMessage ? `${FAILED_STATES[d.state]} Vercel: ${d.errorMessage}` : FAILED_STATES[d.state]
    return false
  }
  if (d.state !== 'READY') return false
  const checks = checksVerdict(d)
  if (checks === 'failed') {
    r.outcome = 'failed'
    r.reason = "Vercel's Deployment Checks concluded failed for the new deployment. Look at the checks in Vercel, fix the cause, then re-run."
    return false
  }
  if (checks === 'running') {
    r.reason = 'READY; its Deployment Checks are still running.'
    return false
  }
  if (r.kind === 'preview') return true
  if (r.kind === 'custom') {
    // Serving means holding the environment's domains: ask what the first domain resolves to now.
    const domain = r.environment?.domains[0]
    if (!domain) return true
    const at = await port.deploymentAt(domain)
    if (at?.id === d.id) return true
    r.reason = `READY, but ${domain} does not serve it yet.`
    return false
  }
  if (d.substate === 'ROLLING') {
    r.reason = 'READY, but its rolling release is still in progress: the old deployment still serves part of the traffic.'
    return false
  }
  if (d.substate === 'STAGED') {
    if (r.promoted) return false
    // Vercel stops promoting after an Instant Rollback. Promoting our rebuild keeps the code the team chose
    // and gives it the new value, but only while production still serves the deployment we rebuilt: if
    // someone rolled back or promoted meanwhile, that choice is theirs and is never overridden.
    const serving = (await port.getProject(r.project.id)).servingProduction
    if (serving?.id !== r.source.id) {
      r.outcome = 'failed'
      r.reason = `Production changed during the rotation (it now serves ${serving?.id ?? 'nothing'}, not ${r.source.id}); the rebuild ${d.id} was left staged, not promoted. Decide what should serve, then re-run.`
      return false
    }
    await port.promote(d.projectId || r.project.id, d.id)
    r.promoted = true
    log.info(`${r.project.name}: ${d.id} was staged, not serving; promoted it (a rebuild of the deployment that was serving).`)
    return false
  }
  return d.substate === 'PROMOTED' || d.aliasAssigned
}

export interface ProveOptions {
  /** health-check paths or templates; empty proves by state alone. */
  checks: string[]
  /** The protection-bypass input; else each project's own automation bypass. */
  bypass?: string
}

/** One round of health checks on a serving rollout; on success it is proven. */
async function prove(r: Rollout, port: VercelPort, o: ProveOptions, now: number, log: Logger): Promise<void> {
  const bypass = o.bypass ?? r.project.bypass
  for (const url of healthUrls(o.checks, r.deployment!.url)) {
    const v = judgeProbe(await port.probe(url, bypass), !!bypass)
    if (v.pass) continue
    const what = `${describe(r)} (${r.deployment!.id})`
    r.reason = unhealthyReason(url, v.reason, what, false)
    r.lastProbe = { url, reason: v.reason }
    if (!v.retry) {
      r.outcome = 'unhealthy'
      log.warning(`${r.project.name}: ${what} is unhealthy: ${v.reason}`)
      return
    }
    r.probes++
    r.nextProbeAt = now + probeDelay(r.probes)
    return
  }
  r.outcome = 'serving'
  r.reason = undefined
  if (o.checks.length > 0)
    boundedFor(log).info('health checks passed', r.project.name, `${r.project.name}: ${describe(r)} (${r.deployment!.id}) passed its health check.`)
}

function unhealthyReason(url: string, why: string, what: string, atTimeout: boolean): string {
  const when = atTimeout ? 'still did not pass at the timeout' : 'did not pass'
  return `Its health check GET ${url} ${when} (${why}). The new value is live in ${what} but not working: keep the old credential valid, fix the value (update the secret), then rotate again.`
}

const PROGRESS_EVERY_MS = 30_000
const COUNT_EVERY_MS = 1_000

/**
 * Polls until every pending rollout serves and is proven, fails, the deadline passes, or the run is cancelled.
 * A serving deployment still failing its health check at the deadline is unhealthy; one never serving, failed.
 */
export async function waitUntilServing(
  rollouts: Rollout[],
  port: VercelPort,
  o: {
    deadline: number
    clock: Clock
    signal?: AbortSignal
    log: Logger
    prove: ProveOptions
    /** Creates still in flight (startRedeploys): their rollouts are watched as each create resolves. */
    created?: Promise<void>
  },
): Promise<void> {
  const start = o.clock.now()
  try {
    await pollUntilServing(rollouts, port, o)
  } finally {
    // Nothing is reported while a create may still change its rollout. Lines still held are counted, and the
    // counts of everything follow, as each second during the wait.
    await o.created
    if (boundedFor(o.log).flush()) o.log.info(progressLine(rollouts, o.clock.now() - start))
  }
}

async function pollUntilServing(rollouts: Rollout[], port: VercelPort, o: Parameters<typeof waitUntilServing>[2]): Promise<void> {
  const start = o.clock.now()
  let lastProgress = start
  let lastCount = start
  // When build states were last read: the next read keeps a gap after it.
  let lastRead = start
  const reads: { states?: string[] } = { states: SETTLED_STATES }
  const lines = boundedFor(o.log)
  const settle = (r: Rollout, now: number) => {
    r.stage = 'proving'
    r.servedAt ??= now
    const what = r.kind === 'preview' ? 'READY' : 'READY and serving'
    if (r.deployment && r.deployment !== r.source)
      lines.info(`deployments ${what}`, r.project.name, `${r.project.name}: ${describe(r)} ${r.deployment.id} is ${what}.`)
  }
  for (;;) {
    const pending = rollouts.filter((r) => r.outcome === 'pending')
    if (pending.length === 0 || o.signal?.aborted) return
    const now = o.clock.now()
    if (now >= o.deadline) {
      await o.created
      // The reads skip builds still queued or building; one last read of every state makes the message exact.
      const stuck = pending.filter((r) => r.outcome === 'pending' && r.stage === 'building' && r.deployment)
      for (const d of (await readStates(stuck, port, {}, o.log)) ?? []) {
        const r = stuck.find((r) => r.deployment!.id === d.id)
        if (r) r.deployment = { ...r.deployment!, state: d.state, substate: d.substate }
      }
      for (const r of pending.filter((r) => r.outcome === 'pending')) {
        if (r.stage === 'proving') {
          r.outcome = 'unhealthy'
          const what = `${describe(r)} (${r.deployment!.id})`
          r.reason = r.lastProbe
            ? unhealthyReason(r.lastProbe.url, r.lastProbe.reason, what, true)
            : `Its health check was never answered before the timeout in ${what}.`
        } else {
          r.outcome = 'failed'
          r.reason =
            `Not serving ${r.kind === 'preview' ? 'as a READY preview' : describe(r)} before the timeout (state ${r.deployment?.state}${r.deployment?.substate ? `/${r.deployment.substate}` : ''}). ${r.reason ? `${r.reason} ` : ''}Raise timeout-minutes if builds take longer, then re-run: it resumes.`.trim()
        }
      }
      return
    }
    // Proofs of what already serves start at once; everything else waits one polling interval first.
    const dueProbe = Math.min(...pending.filter((r) => r.stage === 'proving').map((r) => r.nextProbeAt))
    for (const r of pending) if (r.deployment) r.seenAt ??= now
    // A rebuild is due when this run's builds take (before any is READY, as long as its source took) after its create.
    const typical = typicalBuildMs(rollouts.filter((r) => r.deployment !== r.source && r.deployment?.state === 'READY').map((r) => r.deployment!))
    const { readAt, wake } = readSchedule(
      pending.filter((r) => r.stage === 'building'),
      typical,
      now,
    )
    const poll = Math.min(wake, readAt.size > 0 ? nextReadAt(lastRead, [...readAt.values()]) : Infinity) - now
    const wait = Math.min(poll, Math.max(0, dueProbe - now), o.deadline - now)
    if (wait > 0) {
      try {
        await o.clock.sleep(wait, o.signal)
      } catch {
        return // cancelled
      }
    }
    const tick = o.clock.now()
    // A read asks for the builds whose time has come; rollouts whose create has not resolved have nothing to look for.
    const waiting = pending.filter((r) => r.stage === 'building' && r.outcome === 'pending' && (readAt.get(r) ?? Infinity) <= tick)
    if (waiting.length > 0) {
      lastRead = tick
      for (const r of waiting) r.lastReadAt = tick
      const listed = await readStates(waiting, port, reads, o.log)
      const byId = new Map((listed ?? []).map((d) => [d.id, d]))
      for (const r of waiting) {
        const d = byId.get(r.deployment!.id)
        if (!d) continue
        try {
          if (await judge(r, d, port, o.log)) settle(r, tick)
        } catch (err) {
          r.outcome = 'failed'
          r.reason = (err as Error).message
        }
        if (r.outcome === 'failed') o.log.warning(`${r.project.name}: ${describe(r)} failed: ${r.reason}`)
      }
    }
    const due = rollouts.filter((r) => r.outcome === 'pending' && r.stage === 'proving' && r.nextProbeAt <= tick)
    await mapLimit(due, 8, (r) => (o.prove.checks.length > 0 ? prove(r, port, o.prove, tick, o.log) : Promise.resolve(void (r.outcome = 'serving'))))
    // Lines held back are counted once a second, however often states are read, and the counts of
    // everything follow them.
    const counting = tick - lastCount >= COUNT_EVERY_MS
    if (counting) lastCount = tick
    if ((counting && lines.flush()) || tick - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = tick
      o.log.info(progressLine(rollouts, tick - start))
    }
  }
}

/**
 * The listed deployments of the given rollouts created since the oldest of them, in `filter.states` when set.
 * Undefined when the read failed: the port already retried, and the wait goes on until its deadline rather than
 * give up on builds that may be fine.
 */
async function readStates(rs: Rollout[], port: VercelPort, filter: { states?: string[] }, log: Logger): Promise<Deployment[] | undefined> {
  if (rs.length === 0) return []
  const since = Math.min(...rs.map((r) => r.deployment!.createdAt)) - 1
  const projectIds = [...new Set(rs.map((r) => r.project.id))]
  try {
    return await port.listDeployments({ projectIds, since, ...(filter.states ? { states: filter.states } : {}) })
  } catch (err) {
    // Should Vercel ever refuse the state filter, every read lists every state from then on: slower, never stuck.
    if (filter.states && (err as { status?: number }).status === 400) {
      filter.states = undefined
      log.debug(`The deployments list refused the state filter; reading every state: ${(err as Error).message}`)
      return readStates(rs, port, filter, log)
    }
    log.warning(`Reading deployment states failed; trying again: ${(err as Error).message}`)
    return undefined
  }
}

/** One line that stays readable at any scale: counts, not names. */
export function progressLine(rollouts: Rollout[], elapsedMs: number): string {
  const count = (f: (r: Rollout) => boolean) => rollouts.filter(f).length
  const parts = [
    `${count((r) => r.outcome === 'serving')} of ${rollouts.length} serving`,
    ...(rollouts.some((r) => r.outcome === 'pending' && !r.deployment)
      ? [`${count((r) => r.outcome === 'pending' && !r.deployment)} being created`]
      : []),
    `${count((r) => r.outcome === 'pending' && r.stage === 'building' && !!r.deployment)} building`,
    `${count((r) => r.outcome === 'pending' && r.stage === 'proving')} health-checking`,
    `${count((r) => r.outcome === 'failed')} failed`,
    `${count((r) => r.outcome === 'unhealthy')} unhealthy`,
  ]
  return `Waiting (${Math.round(elapsedMs / 1000)} s): ${parts.join(', ')}.`
}
