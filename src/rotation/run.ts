/**
 * One rotation: the same plan executed to the depth the mode asks for.
 * plan: stop before the first write. verify: judge what serves. rotate: write, redeploy, wait. redeploy: no write.
 */
import type { VercelPort } from '../vercel/port.js'
import { redeployAll, redeployJobs, waitUntilServing, type Clock, type Rollout } from './deploy.js'
import { buildPlan } from './plan.js'
import { redeployMeta } from './resume.js'
import type { Logger, Plan, PreviewResult, ProjectPlan, ProjectResult, RunContext, RunResult, Settings } from './types.js'
import { judgeServing } from './verify.js'
import { WriteError, writeValue } from './write.js'

export interface RunDeps {
  port: VercelPort
  run: RunContext
  log: Logger
  clock: Clock
  signal?: AbortSignal
  /** Absolute epoch ms by which waiting ends. */
  deadline: number
  group?: <T>(name: string, fn: () => Promise<T>) => Promise<T>
}

const plainGroup = <T>(_: string, fn: () => Promise<T>) => fn()

function base(p: ProjectPlan): Omit<ProjectResult, 'status'> {
  const d = p.serving
  return { id: p.id, name: p.name, records: p.records, deployment: d ? { id: d.id, url: d.url, state: d.state } : undefined, revokeReady: false }
}

function fromRollout(r: Rollout, waited: boolean): ProjectResult {
  const d = r.deployment
  const result: ProjectResult = {
    ...base(r.project),
    deployment: d ? { id: d.id, url: d.url, state: d.state } : undefined,
    status: r.outcome === 'failed' ? 'failed' : r.outcome === 'not-created' ? 'skipped' : 'redeployed',
    note: r.reason,
    revokeReady: r.outcome === 'serving',
  }
  if (r.outcome === 'serving') result.note = r.promoted ? `Promoted the rebuild of ${r.source.id} (production was staged).` : undefined
  if (r.outcome === 'pending') result.note = waited ? 'Created; not yet serving when the run stopped.' : 'Created; not waited for (wait: false).'
  return result
}

/** Folds a project's preview rollouts into its result: one failed or unfinished preview fails the project. */
function withPreviews(result: ProjectResult, p: ProjectPlan, previews: Rollout[]): ProjectResult {
  const summary: PreviewResult = {
    rebuilt: previews.filter((r) => r.deployment).length,
    ready: previews.filter((r) => r.outcome === 'serving').length,
    failed: previews.filter((r) => r.outcome === 'failed').length,
    notRebuilt: p.previewsLeft + previews.filter((r) => r.outcome === 'not-created').length,
  }
  const out = { ...result, previews: summary }
  if (out.status === 'skipped' && summary.rebuilt > 0) out.status = 'redeployed'
  const bad = previews.filter((r) => r.outcome !== 'serving')
  if (bad.length > 0) {
    out.revokeReady = false
    if (out.status !== 'skipped' && bad.some((r) => r.outcome === 'failed')) out.status = 'failed'
    const first = bad[0]!
    const why = `Preview of ${first.source.branch ?? first.source.id}: ${first.reason ?? 'not READY yet.'}`
    out.note = [out.note, bad.length > 1 ? `${why} (${bad.length} previews not READY)` : why].filter(Boolean).join(' ')
  }
  return out
}

function settled(p: ProjectPlan): ProjectResult {
  if (p.action === 'already-current') {
    return { ...base(p), status: 'already-current', note: 'Its serving deployment was built after the value was written.', revokeReady: true }
  }
  // A project with no production deployment has nothing serving the old value.
  return { ...base(p), status: 'skipped', note: p.note, revokeReady: !p.serving }
}

function planned(p: ProjectPlan, writing: boolean): ProjectResult {
  if (p.action !== 'redeploy' && p.previews.length === 0) return settled(p)
  const steps = [
    writing ? `write ${p.records.length} record(s)` : undefined,
    p.action === 'redeploy' ? `redeploy ${p.serving!.id}${p.rolledBack ? ' (production is rolled back: the rebuild would be promoted)' : ''}` : undefined,
    p.previews.length ? `rebuild ${p.previews.length} preview(s)` : undefined,
  ].filter(Boolean)
  return { ...base(p), status: 'planned', note: `Would ${steps.join(', then ')}.` }
}

export async function runRotation(s: Settings, value: string | undefined, deps: RunDeps): Promise<RunResult> {
  const { port, log } = deps
  const group = deps.group ?? plainGroup
  const result: RunResult = { projects: [], written: false, safeToRevoke: false, warnings: [], cancelled: false }

  const plan: Plan = await group('Resolve the variable and the affected projects', async () => {
    const plan = await buildPlan(s, port, deps.run, log)
    for (const p of plan.projects) {
      const records = p.records.map((r) => `${r.id} [${r.targets.join(', ')}]`).join('; ')
      const next = s.mode === 'verify' ? '' : ` -> ${p.action}`
      log.info(`${p.name}: ${records}${next}${p.serving ? ` (serving ${p.serving.id})` : ''}`)
    }
    return plan
  })
  result.warnings.push(...plan.warnings)

  if (s.mode === 'plan') {
    const writing = !plan.alreadyWritten
    // rotated-at stays empty: a plan writes nothing.
    result.projects = plan.projects.map((p) => planned(p, writing))
    return result
  }

  if (s.mode === 'verify') {
    const since = s.rotatedAt?.getTime() ?? plan.valueUpdatedAt
    if (since === undefined) throw new Error('verify: the variable has no updatedAt in Vercel; pass rotated-at from the rotate job.')
    result.rotatedAt = new Date(since).toISOString()
    result.projects = plan.projects.map((p) => {
      const v = judgeServing(p.serving, since, p.rolledBack)
      if (!p.serving && p.action === 'skip') return settled(p)
      return { ...base(p), status: v.ok ? 'verified' : 'stale', note: v.reason, revokeReady: v.ok }
    })
    return finish(result, s)
  }

  let rotatedAt = plan.valueUpdatedAt
  if (s.mode === 'rotate' && !plan.alreadyWritten) {
    try {
      rotatedAt = await group(`Write ${s.name}`, () => writeValue(plan, s, port, value!))
    } catch (err) {
      const failed = err instanceof WriteError ? new Set(err.failedProjectIds) : new Set(plan.projects.map((p) => p.id))
      result.projects = plan.projects.map((p) => ({
        ...base(p),
        status: failed.has(p.id) ? 'failed' : 'skipped',
        note: failed.has(p.id) ? 'The value could not be written.' : 'Value written; not redeployed because another write failed.',
      }))
      result.written = err instanceof WriteError && err.writtenProjectIds.length > 0
      result.error = (err as Error).message
      return result
    }
    result.written = true
    log.info(`Wrote ${s.name} at ${new Date(rotatedAt).toISOString()}.`)
  }
  if (rotatedAt !== undefined) result.rotatedAt = new Date(rotatedAt).toISOString()

  const jobs = redeployJobs(plan.projects, s.redeploy.production)
  const previewCount = jobs.filter((j) => j.kind === 'preview').length
  const title = `Redeploy ${jobs.length - previewCount} production deployment(s)${previewCount ? ` and ${previewCount} preview(s)` : ''}`
  const rollouts = await group(title, () =>
    redeployAll(jobs, port, {
      maxParallel: s.maxParallel,
      meta: (job) => redeployMeta(deps.run, s.name, result.rotatedAt, job.source.id),
      signal: deps.signal,
      log,
    }),
  )
  if (s.wait) {
    await group('Wait until every redeploy serves production', () =>
      waitUntilServing(rollouts, port, { deadline: deps.deadline, clock: deps.clock, signal: deps.signal, log }),
    )
  }
  result.cancelled = deps.signal?.aborted ?? false
  result.projects = plan.projects.map((p) => {
    const production = rollouts.find((r) => r.project === p && r.kind === 'production')
    const own = production ? fromRollout(production, s.wait) : settled(p)
    return s.redeploy.preview ? withPreviews(own, p, rollouts.filter((r) => r.project === p && r.kind === 'preview')) : own
  })
  return finish(result, s)
}

/** safe-to-revoke: every affected project verifiably serves a deployment built after the write. */
function finish(result: RunResult, s: Settings): RunResult {
  result.safeToRevoke =
    !result.cancelled &&
    !result.error &&
    !!(s.redeploy.production || s.mode === 'verify') &&
    result.projects.some((p) => p.status !== 'skipped') &&
    result.projects.every((p) => p.revokeReady)
  return result
}
