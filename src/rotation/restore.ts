/**
 * After a failed rotate: the records still hold the new, failing value, and the next deployment of any project (a
 * git push) would build with it and Vercel would promote it. Where no project serves a deployment built with the
 * new value, the previous value goes back into every record written; where some project does, nothing is restored
 * (that would leave the two values split the other way round) and the report says who holds which.
 */
import type { VercelPort } from '../vercel/port.js'
import { commentBack, type CommentWrite } from './comments.js'
import type { Credential } from './credential.js'
import type { Rollout } from './wait/rollout.js'
import type { Logger, Plan, ProjectPlan, ProjectResult, RestoreOutcome, RunContext, RunResult, Settings } from './types.js'
import { restoreValue } from './write-back.js'

/**
 * Whether a rollout may have put a deployment built with the new value in front of anyone, now or on its own
 * later. Conservative: only a deployment that never served and never will without this action counts as not.
 */
export function mayServeNew(r: Rollout): boolean {
  // Production is back on the pre-rotation deployment, and Vercel stages new production builds until undone.
  if (r.rolledBackTo) return false
  if (r.outcome === 'not-created') return false
  if (r.outcome === 'serving') return true
  const d = r.deployment
  if (!d) return false
  // A proof of what already serves: built with the new value, and serving.
  if (d === r.source) return true
  if (r.exposed) return true
  if (d.state === 'ERROR' || d.state === 'CANCELED' || d.state === 'DELETED') return false
  // READY or still building: only a production rebuild that Vercel's own answer showed staged waits for a promote.
  return !(r.kind === 'production' && r.staged === true && r.vercelStaged === true)
}

/** A project's result says something serves the new value: a rebuild or proof that served, or one that reached production. */
function resultServesNew(p: ProjectResult): boolean {
  const current = (status: string) => status === 'redeployed' || status === 'already-current'
  if (current(p.status) || p.environments?.some((e) => current(e.status))) return true
  if ((p.previews?.ready ?? 0) > 0) return true
  return p.exposure?.kind === 'reached' && !p.rolledBackTo
}

/** Which projects serve (or may serve) a deployment built with the new value. */
export function servingNew(plan: Plan, rollouts: Rollout[], results: ProjectResult[]): Set<string> {
  const out = new Set<string>()
  const planned = (p: ProjectPlan) =>
    (p.covers.production && p.action === 'already-current') || p.environments.some((e) => e.action === 'already-current')
  for (const p of plan.projects) if (planned(p)) out.add(p.id)
  for (const r of rollouts) if (mayServeNew(r)) out.add(r.project.id)
  for (const p of results) if (resultServesNew(p)) out.add(p.id)
  return out
}

const list = (names: string[]): string => (names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', '))

export interface RestoreDeps {
  port: VercelPort
  log: Logger
  group: <T>(name: string, fn: () => Promise<T>) => Promise<T>
  run: RunContext
  /** The comment this attempt's write gave each record, by ID (none when it wrote nothing). */
  comments: ReadonlyMap<string, CommentWrite>
}

/**
 * Decides, and where it may, writes the previous value back. Undefined where there is nothing to say: the run was
 * safe to revoke, wrote nothing, did not fail, or did not wait (nothing was judged).
 */
export async function restoreAfterFailure(
  plan: Plan,
  rollouts: Rollout[],
  result: RunResult,
  s: Settings,
  credential: Credential,
  deps: RestoreDeps,
): Promise<RestoreOutcome | undefined> {
  if (s.mode !== 'rotate' || !s.wait || result.safeToRevoke) return undefined
  if (!(result.written || plan.alreadyWritten)) return undefined
  const what = plan.keys.join(', ')
  const held = servingNew(plan, rollouts, result.projects)
  const newer = plan.projects.filter((p) => held.has(p.id)).map((p) => p.name)
  const older = plan.projects.filter((p) => !held.has(p.id)).map((p) => p.name)
  const base = { servingNew: newer, servingOld: older }
  // A cancelled run judged nothing to its end: writing back could undo a value that was about to serve.
  if (result.cancelled) {
    if (!credential.hasPrevious) return undefined
    return {
      kind: 'cancelled',
      line: `Not restored: the run was cancelled before every rebuild was judged, so whether a project serves the new value is not known. ${what} still ${plan.keys.length > 1 ? 'hold' : 'holds'} the new value in Vercel, and the next deployment of each project (a git push) builds with it. Re-run the job: a re-run that fails writes previous-value back.`,
      ...base,
    }
  }
  if (!result.projects.some((p) => p.status === 'failed' || p.status === 'unhealthy')) return undefined
  const holding =
    newer.length > 0
      ? `${list(newer)} ${newer.length > 1 ? 'serve' : 'serves'} a deployment built with the new value${older.length > 0 ? `; ${list(older)} still ${older.length > 1 ? 'serve' : 'serves'} one built with the old value` : ''}.`
      : ''
  if (!credential.hasPrevious) {
    const next = newer.length > 0 ? list(older) || 'each project' : 'each project'
    return {
      kind: 'unavailable',
      line:
        `⚠️ ${what} still ${plan.keys.length > 1 ? 'hold' : 'holds'} the new, failing value in Vercel: the next deployment of ${next} (a git push) will build with it and ship it. ` +
        `${holding ? `${holding} ` : 'No project serves it yet. '}Set the previous value back in Vercel now, and pass previous-value (from the secret that still holds it) so that a failed rotation writes it back by itself.`,
      ...base,
    }
  }
  if (newer.length > 0) {
    return {
      kind: 'kept',
      line: `Not restored: ${holding} Writing the previous value back would only split them the other way round, so ${what} still ${plan.keys.length > 1 ? 'hold' : 'holds'} the new value${older.length > 0 ? `: the next deployment of ${list(older)} (a git push) builds with it` : ''}.`,
      ...base,
    }
  }
  const done = await deps.group(`Write the previous value of ${what} back`, async () => {
    // Each comment goes back as it was with the value, so that no stamp claims the rotation undone here.
    const back = (id: string, before: string | undefined) => commentBack(before, deps.comments.get(id)?.send, deps.run)
    const done = await restoreValue(plan, s, deps.port, credential, back)
    if (done.uncommented > 0)
      deps.log.warning(
        `Vercel refused the comment of ${done.uncommented} record(s) with the previous value, which was written back alone: their comment still carries the stamp of the rotation undone here.`,
      )
    if (done.errors.length === 0) deps.log.info(`Restored the previous value of ${what} in ${done.restored} record(s).`)
    else
      deps.log.warning(
        `Wrote the previous value of ${what} back to ${done.restored} of ${done.total} record(s); the rest failed: ${done.errors.join(' ')}`,
      )
    return done
  })
  if (done.errors.length === 0) {
    return {
      kind: 'restored',
      line: `Restored: ${what} ${plan.keys.length > 1 ? 'hold' : 'holds'} the previous value again (${done.restored} record(s)); no later deployment builds with the failing one. No project serves the new value: each still serves its deployment built with the previous one.`,
      ...base,
    }
  }
  return {
    kind: 'failed',
    line: `⚠️ The previous value could not be written back everywhere (${done.restored} of ${done.total} record(s) restored): ${done.errors.join(' ')} The records of ${list(done.notRestored)} still hold the new, failing value, and their next deployment (a git push) will ship it. Set the previous value back in Vercel now, or re-run the job.`,
    ...base,
  }
}
