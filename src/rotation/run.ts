/**
 * One rotation: the same plan executed to the depth the mode asks for.
 * plan: stop before the first write. verify: judge and prove what serves. rotate: write, redeploy, wait, prove.
 * redeploy: no write.
 */
import type { Deployment, RollingRelease, VercelPort } from '../vercel/port.js'
import { mapLimit } from './parallel.js'
import type { Credential } from './credential.js'
import { canaryProjects, heldBackReason } from './canary.js'
import { logUnstamped, previewComments, stampOf, withComments, type CommentWrite } from './comments.js'
import { confirmServing } from './confirm.js'
import { rollBack } from './wait/act.js'
import { countOf, heldBack, redeployJobs, startRedeploys, type RedeployJob } from './wait/create.js'
import { waitUntilServing, type Clock } from './wait/loop.js'
import type { ProveOptions } from './wait/prove.js'
import { proofOf, type Rollout } from './wait/rollout.js'
import { checksVerdict } from './health.js'
import { judgeChecks } from './wait/judge.js'
import { findSkewedOld } from './skew.js'
import { buildPlan } from './plan.js'
import { redeployMeta, rotationTag, writtenRecords } from './resume.js'
import { restoreAfterFailure } from './restore.js'
import { planned } from './planned.js'
import { projectResult } from './results.js'
import { verifyRollouts, withUnwritten } from './verify-results.js'
import { projectWrite, unevenWrites } from './verify.js'
import type { Logger, Plan, ProjectPlan, RunContext, RunResult, Settings } from './types.js'
import { failedWrite } from './write-failure.js'
import { writeValue } from './write.js'

export interface RunDeps {
  port: VercelPort
  run: RunContext
  log: Logger
  clock: Clock
  signal?: AbortSignal
  /** Absolute epoch ms by which waiting ends. */
  deadline: number
  group?: <T>(name: string, fn: () => Promise<T>) => Promise<T>
  /** The protection-bypass input (a secret, so never a setting). */
  protectionBypass?: string
  /** The job's GitHub OIDC token, fresh and masked, for probes through Trusted Sources; undefined when none. */
  oidcToken?: () => Promise<string | undefined>
  /** Warnings found before the run (the inputs'): logged, and shown in the summary with the run's own. */
  warnings?: string[]
}

/** Plan lines logged one by one; the rest are counted. */
const PLAN_LINES = 50

const plainGroup = <T>(_: string, fn: () => Promise<T>) => fn()

/** The projects were named one by one, so their order is the user's: canaries are taken in it. */
const named = (s: Settings): boolean => s.scope === 'project' && !s.store && !(s.projects.length === 1 && s.projects[0] === '*')

export async function runRotation(s: Settings, credential: Credential, deps: RunDeps): Promise<RunResult> {
  const { port, log } = deps
  const group = deps.group ?? plainGroup
  const result: RunResult = { projects: [], written: false, safeToRevoke: false, warnings: [...(deps.warnings ?? [])], cancelled: false }
  for (const w of result.warnings) log.warning(w)

  let canaries = new Set<ProjectPlan>()
  const plan: Plan = await group('Resolve the variable and the affected projects', async () => {
    // Whether the job can mint an OIDC token is all the plan needs to know of it; the token stays with the probes.
    const plan = await buildPlan(s, port, deps.run, log, credential, { bypass: !!deps.protectionBypass, oidc: !!deps.oidcToken })
    canaries = canaryProjects(plan.projects, s.canary, named(s))
    // One line per project up to a bound: at a thousand projects the summary and the outputs list them all.
    for (const p of plan.projects.slice(0, PLAN_LINES)) {
      const records = `${canaries.has(p) ? '(canary) ' : ''}${p.records.map((r) => `${r.key} ${r.id} [${r.targets.join(', ')}]`).join('; ')}`
      const next = s.mode === 'verify' ? '' : ` -> ${p.covers.production ? p.action : 'production not covered'}`
      const envs = p.environments.map((e) => ` ${e.slug} -> ${s.mode === 'verify' ? (e.serving?.id ?? 'nothing') : e.action}`).join(',')
      log.info(`${p.name}: ${records}${next}${p.serving ? ` (serving ${p.serving.id})` : ''}${envs ? `; environments:${envs}` : ''}`)
    }
    const more = plan.projects.length - PLAN_LINES
    if (more > 0) log.info(`... and ${more} more project(s): the job summary and the projects output list every one.`)
    return plan
  })
  result.warnings.push(...plan.warnings)
  if (plan.earlierWrite) result.earlierWrite = { kept: plan.earlierWrite.kept, line: plan.earlierWrite.line }
  const prove: ProveOptions = {
    checks: s.healthChecks,
    ...(deps.protectionBypass ? { bypass: deps.protectionBypass } : {}),
    auth: s.probeAuth,
    healthTimeoutMs: s.healthTimeoutMs,
    ...(deps.oidcToken ? { oidcToken: deps.oidcToken } : {}),
  }

  if (s.mode === 'plan') {
    const writing = plan.writes
    // The comment each record would get, stamped with the plan's own time: the write's will be a later one.
    if (writing) previewComments(plan, stampOf(deps.run, deps.clock.now()))
    // rotated-at stays empty: a plan writes nothing.
    result.projects = plan.projects.map((p) => planned(p, writing, canaries.has(p)))
    // Deployments count against a daily quota (Hobby: 100): say how many before anyone runs it.
    const creates = redeployJobs(plan.projects).filter((j) => !j.adopt).length
    result.warnings.push(
      `A rotate would create ${creates} deployment(s). They count against the team's daily deployment quota (Hobby allows 100 a day, Pro 6000); past it Vercel refuses further creates until the quota resets.`,
    )
    return result
  }

  if (s.mode === 'verify') {
    const rotatedAt = s.rotatedAt?.getTime()
    const since = rotatedAt ?? plan.valueUpdatedAt
    if (since === undefined) throw new Error('verify: the variable has no updatedAt in Vercel; pass rotated-at from the rotate job.')
    result.rotatedAt = new Date(rotatedAt ?? plan.valueWrittenFrom ?? since).toISOString()
    // Each project is judged against its own write: a project the write never reached holds the old value.
    const recordsOf = (p: ProjectPlan) => (s.scope === 'team' ? plan.shared.filter((v) => v.projectIds.includes(p.id)) : p.writes)
    const written = new Map(plan.projects.map((p) => [p, projectWrite(recordsOf(p), rotatedAt)]))
    const sinceOf = (p: ProjectPlan) => written.get(p)?.since ?? since
    if (rotatedAt === undefined) result.warnings.push(...unevenWrites(plan.projects, sinceOf))
    // The project read does not tell whether a rollout is under way: those with Rolling Releases on are asked.
    const rolling = new Map<ProjectPlan, RollingRelease>()
    await mapLimit(
      plan.projects.filter((p) => p.rollingRelease && p.covers.production),
      8,
      async (p) => void ((rr) => rr && rolling.set(p, rr))(await port.rollingRelease(p.id)),
    )
    const proofs = verifyRollouts(plan.projects, sinceOf, rolling)
    await group('Verify what serves each environment', () =>
      waitUntilServing(
        proofs.filter((r) => r.outcome === 'pending'),
        port,
        { deadline: deps.deadline, clock: deps.clock, signal: deps.signal, log, prove },
      ),
    )
    result.cancelled = deps.signal?.aborted ?? false
    const held = await confirmAtEnd(plan, proofs, sinceOf, result, deps, prove)
    const now = deps.clock.now()
    await findSkewedOld(plan.projects, since, port, now, log)
    result.projects = plan.projects.map((p) => {
      const judged = projectResult(
        p,
        proofs.filter((r) => r.project === p),
        s,
        now,
        held,
      )
      return rotatedAt === undefined ? judged : withUnwritten(judged, written.get(p)!.unwritten, rotatedAt)
    })
    return finish(result, s)
  }

  // rotated-at is when the write began; the newest write stamps the redeploys, which a re-run looks for, and is
  // what a deployment must postdate to hold every value.
  let rotatedAt = plan.valueWrittenFrom
  let valueStamp = plan.valueUpdatedAt
  // Every redeploy carries the tag of the values it follows, so that a later attempt can tell them apart.
  let tag = plan.earlierWrite?.tag
  // The comment this attempt's write gave each record: a restore puts back what was there before.
  let comments = new Map<string, CommentWrite>()
  if (s.mode === 'rotate' && plan.writes) {
    const what = plan.keys.join(', ')
    try {
      const at = await group(`Write ${what}`, async () => {
        const at = await writeValue(plan, s, port, credential, () => stampOf(deps.run, deps.clock.now()))
        withComments(plan, (_, r) => at.comments.get(r.id))
        // Inside the group: the result belongs with the write it reports.
        log.info(`Wrote ${what} at ${new Date(at.earliest).toISOString()}.`)
        logUnstamped(plan, s.scope, log)
        return at
      })
      rotatedAt = at.earliest
      valueStamp = at.newest
      comments = at.comments
    } catch (err) {
      failedWrite(result, err, plan, what)
      return result
    }
    result.written = true
    tag = rotationTag(port, deps.run, writtenRecords(plan, s.scope), credential)
  }
  if (rotatedAt !== undefined) result.rotatedAt = new Date(rotatedAt).toISOString()
  const stamp = valueStamp !== undefined ? new Date(valueStamp).toISOString() : undefined

  const jobs = redeployJobs(plan.projects)
  const wait = { deadline: deps.deadline, clock: deps.clock, signal: deps.signal, log, prove, release: { rollingRelease: s.rollingRelease } }
  const onUnhealthy = s.onUnhealthy === 'rollback' ? (r: Rollout) => rollBack(r, port, log) : undefined
  /** One wave of redeploys: created, and (with wait) waited for until each serves and is proven. */
  const redeployWave = async (label: string, wave: RedeployJob[], waveProofs: Rollout[]): Promise<Rollout[]> => {
    // Waiting starts beside the creates: the first builds are watched while the last creates are still being sent.
    const { rollouts, created, stop } = startRedeploys(wave, port, {
      maxParallel: s.maxParallel,
      now: deps.clock.now,
      meta: (job) => redeployMeta(deps.run, plan.keys.join(','), stamp, job.source.id, tag),
      staged: (job) => job.kind === 'production' && s.promote === 'when-healthy',
      signal: deps.signal,
      log,
    })
    const all = [...rollouts, ...waveProofs]
    const redeploying = `${label}Redeploy ${countOf(wave)} deployment(s)`
    if (s.wait) {
      await group(`${redeploying} and wait until each serves and passes its checks`, () =>
        waitUntilServing(all, port, { ...wait, created, stopCreates: stop, ...(onUnhealthy ? { onUnhealthy } : {}) }),
      )
    } else {
      await group(redeploying, () => created)
    }
    return all
  }
  // What already serves the new value is proven too, the same way as a rebuild: its Deployment Checks always,
  // its health checks when there are any.
  const proving = (d: Deployment) => s.healthChecks.length > 0 || checksVerdict(d) !== 'passed'
  const proofs = plan.projects.flatMap((p) => [
    ...(p.action === 'already-current' && proving(p.serving!) ? [proofOf(p, 'production', p.serving!)] : []),
    ...p.environments.filter((e) => e.action === 'already-current' && proving(e.serving!)).map((e) => proofOf(p, 'custom', e.serving!, e)),
  ])
  for (const r of proofs) judgeChecks(r)
  // Canaries go first, in a wave of their own; the rest follow only once every canary passed.
  const waves = canaries.size > 0 ? [(p: ProjectPlan) => canaries.has(p), (p: ProjectPlan) => !canaries.has(p)] : [() => true]
  const all: Rollout[] = []
  let held: string | undefined
  for (const [i, inWave] of waves.entries()) {
    const wave = jobs.filter((j) => inWave(j.project))
    const waveProofs = proofs.filter((r) => inWave(r.project))
    if (held) {
      all.push(...heldBack(wave, held), ...waveProofs)
      continue
    }
    const label = canaries.size === 0 ? '' : i === 0 ? `Canary (${[...canaries].map((p) => p.name).join(', ')}): ` : 'The rest: '
    all.push(...(await redeployWave(label, wave, waveProofs)))
    if (i === 0 && canaries.size > 0) {
      held = heldBackReason(all.filter((r) => canaries.has(r.project)))
      if (held) log.warning(`The canary failed: no other project is redeployed. ${held}`)
    }
  }
  result.cancelled = deps.signal?.aborted ?? false
  const lost = s.wait && valueStamp !== undefined ? await confirmAtEnd(plan, all, () => valueStamp, result, deps, prove) : undefined
  const now = deps.clock.now()
  // Environments already current replaced nothing in this run: what they replaced is looked for.
  const current = plan.projects.filter((p) => p.action === 'already-current' || p.environments.some((e) => e.action === 'already-current'))
  if (rotatedAt !== undefined) await findSkewedOld(current, rotatedAt, port, now, log)
  result.projects = plan.projects.map((p) =>
    projectResult(
      p,
      all.filter((r) => r.project === p),
      s,
      now,
      lost,
    ),
  )
  finish(result, s)
  const restore = await restoreAfterFailure(plan, all, result, s, credential, { port, log, group, run: deps.run, comments })
  if (restore) {
    result.restore = restore
    if (restore.kind !== 'restored') log.warning(restore.line)
  }
  return result
}

/** The re-read before the verdict, skipped only where no verdict can be won (a cancelled run). */
async function confirmAtEnd(
  plan: Plan,
  rollouts: Rollout[],
  sinceOf: (p: ProjectPlan) => number,
  result: RunResult,
  deps: RunDeps,
  prove: ProveOptions,
): Promise<Map<string, string> | undefined> {
  if (result.cancelled) return undefined
  const group = deps.group ?? plainGroup
  return group('Read again what serves each environment', () =>
    confirmServing(plan, rollouts, deps.port, sinceOf, { deadline: deps.deadline, clock: deps.clock, signal: deps.signal, log: deps.log, prove }),
  )
}

/** safe-to-revoke: every environment the rotated records cover is proven to serve a deployment built after the write. */
function finish(result: RunResult, s: Settings): RunResult {
  result.safeToRevoke =
    !result.cancelled && !result.error && (s.wait || s.mode === 'verify') && result.projects.length > 0 && result.projects.every((p) => p.revokeReady)
  if (result.safeToRevoke) {
    const after = Math.max(...result.projects.map((p) => p.revokeAfter ?? 0))
    result.revokeAfter = new Date(after > 0 ? after : Date.now()).toISOString()
  }
  return result
}
