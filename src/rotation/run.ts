/**
 * One rotation: the same plan executed to the depth the mode asks for.
 * plan: stop before the first write. verify: judge what serves. rotate: write, redeploy, wait. redeploy: no write.
 */
import type { VercelPort } from '../vercel/port.js'
import { redeployAll, waitUntilServing, type Clock, type Rollout } from './deploy.js'
import { buildPlan } from './plan.js'
import { redeployMeta } from './resume.js'
import type { Logger, Plan, ProjectPlan, ProjectResult, RunContext, RunResult, Settings } from './types.js'
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
  if (r.outcome === 'serving') result.note = r.promoted ? `Promoted the rebuild of ${r.project.serving!.id} (production was staged).` : undefined
  if (r.outcome === 'pending') result.note = waited ? 'Created; not yet serving when the run stopped.' : 'Created; not waited for (wait: false).'
  return result
}

function settled(p: ProjectPlan): ProjectResult {
  if (p.action === 'already-current') {
    return { ...base(p), status: 'already-current', note: 'Its serving deployment was built after the value was written.', revokeReady: true }
  }
  // A project with no production deployment has nothing serving the old value.
  return { ...base(p), status: 'skipped', note: p.note, revokeReady: !p.serving }
}

function planned(p: ProjectPlan, s: Settings, writing: boolean): ProjectResult {
  if (p.action !== 'redeploy') return settled(p)
  const what = [writing ? `write ${p.records.length} record(s)` : undefined, `redeploy ${p.serving!.id}`].filter(Boolean).join(', then ')
  return { ...base(p), status: 'planned', note: `Would ${what}${p.rolledBack ? ' (production is rolled back: the rebuild would be promoted)' : ''}.` }
}

export async function runRotation(s: Settings, value: string | undefined, deps: RunDeps): Promise<RunResult> {
  const { port, log } = deps
  const group = deps.group ?? plainGroup
  const result: RunResult = { projects: [], written: false, safeToRevoke: false, warnings: [], cancelled: false }

  const plan: Plan = await group('Resolve the variable and the affected projects', async () => {
    const plan = await buildPlan(s, port, deps.run, log)
    for (const p of plan.projects) {
      const records = p.records.map((r) => `${r.id} [${r.targets.join(', ')}]`).join('; ')
      log.info(`${p.name}: ${records} -> ${p.action}${p.serving ? ` (serving ${p.serving.id})` : ''}`)
    }
    return plan
  })
  result.warnings.push(...plan.warnings)

  if (s.mode === 'plan') {
    const writing = !plan.alreadyWritten
    // rotated-at stays empty: a plan writes nothing.
    result.projects = plan.projects.map((p) => planned(p, s, writing))
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

  const toRedeploy = plan.projects.filter((p) => p.action === 'redeploy')
  const rollouts = await group(`Redeploy ${toRedeploy.length} project(s)`, () =>
    redeployAll(toRedeploy, port, {
      maxParallel: s.maxParallel,
      meta: (p) => redeployMeta(deps.run, s.name, result.rotatedAt, p.serving!.id),
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
  const byId = new Map(rollouts.map((r) => [r.project.id, fromRollout(r, s.wait)]))
  result.projects = plan.projects.map((p) => byId.get(p.id) ?? settled(p))
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
