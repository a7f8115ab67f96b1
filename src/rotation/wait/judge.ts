/**
 * What a listed deployment state means for a rollout that is building or being promoted: failed, still on its
 * way (checks running, a domain not yet moved), ready to be proven (serving, or staged for proof before its
 * promotion), or, once promoted, serving or rolling out. A production rebuild Vercel staged by itself (after an
 * Instant Rollback) is promoted here under promote: auto, but only while production still serves what it rebuilt.
 */
import type { Deployment, VercelPort } from '../../vercel/port.js'
import { checksVerdict } from '../health.js'
import type { Logger } from '../types.js'
import { advance, describe, stagingSeen, type Rollout } from './rollout.js'

const FAILED_STATES: Record<string, string> = {
  ERROR: 'The build failed (ERROR). Fix the build in Vercel, then re-run.',
  CANCELED: 'The redeploy was canceled (CANCELED). Find out why in Vercel, then re-run.',
  DELETED: 'The deployment was deleted before it served.',
  BLOCKED: 'The deployment was blocked (e.g. by a check or protection). Unblock it in Vercel, then re-run.',
}

const LET_THROUGH =
  'Let it through when only the environment changed, e.g. make the command exit 1 (build) when VERCEL_ENV is production, or clear it in Project Settings > Git > Ignored Build Step; then re-run.'

/** Why a redeploy was canceled in a project with an Ignored Build Step command, and how to let redeploys through. */
export function ignoredBuildReason(command: string): string {
  return `The redeploy was canceled, most likely by the project's Ignored Build Step (\`${command}\`): Vercel gives no reason, and a redeploy builds the same commit, so a command that skips builds without code changes cancels it. ${LET_THROUGH}`
}

/** Vercel's own reason for the state, when it sends one: both fields where they differ. */
function vercelReason(d: Deployment): string | undefined {
  const reasons = [...new Set([d.errorMessage, d.readyStateReason].filter((x): x is string => !!x))]
  return reasons.length > 0 ? reasons.join(' ') : undefined
}

/**
 * Vercel's reason where it sends one. A cancel is put on the Ignored Build Step only where that reason names it,
 * or, as the likely cause, where Vercel sends none and the project has the command.
 */
function failedReason(r: Rollout, d: Deployment): string {
  const said = vercelReason(d)
  if (d.state === 'CANCELED' && said && /ignored build step/i.test(said)) {
    const command = r.project.ignoreCommand ? ` (\`${r.project.ignoreCommand}\`)` : ' (Project Settings > Git, or `ignoreCommand` in vercel.json)'
    return `The redeploy was canceled by the project's Ignored Build Step${command}. Vercel: ${said} A redeploy builds the same commit, so a command that skips builds without code changes cancels it. ${LET_THROUGH}`
  }
  if (d.state === 'CANCELED' && !said && r.project.ignoreCommand) return ignoredBuildReason(r.project.ignoreCommand)
  if (said) return `${FAILED_STATES[d.state]} Vercel: ${said}`
  if (d.state !== 'CANCELED') return FAILED_STATES[d.state]!
  return 'The redeploy was canceled (CANCELED) and Vercel gives no reason. An `ignoreCommand` in vercel.json or skipping unaffected projects (monorepos) can cancel a redeploy of the same commit; find out why in Vercel, then re-run.'
}

/**
 * Moves one building or promoting rollout on from its listed state. Returns `proving` when it has just become
 * ready to be proven (the loop logs it), else undefined.
 */
export async function judge(r: Rollout, d: Deployment, port: VercelPort, now: number, log: Logger): Promise<'proving' | undefined> {
  r.deployment = { ...r.deployment!, ...d, url: d.url || r.deployment!.url, projectId: d.projectId || r.project.id }
  if (FAILED_STATES[d.state]) return void advance(r, 'failed', { reason: failedReason(r, d) })
  if (d.state !== 'READY') return undefined
  const checks = checksVerdict(d)
  if (checks === 'failed') {
    return void advance(r, 'failed', {
      reason: `Vercel's Deployment Checks concluded ${d.checksConclusion} for the new deployment, which is not a pass. Look at the checks in Vercel, fix the cause, then re-run.`,
    })
  }
  if (checks === 'running') {
    r.reason = 'READY; its Deployment Checks are still running.'
    return undefined
  }
  r.readySeenAt ??= now
  if (r.stage === 'promoting') return void promoted(r, d, now)
  const prove = (exposed: boolean): 'proving' => {
    r.exposed = exposed
    // What already serves all traffic serves from now; a staged or rolling one only once promoted or rolled out.
    advance(r, 'proving', exposed && d.substate !== 'ROLLING' ? { at: now } : {})
    return 'proving'
  }
  if (r.kind === 'preview') return prove(true)
  if (r.kind === 'custom') {
    // Serving means holding the environment's domains: ask what the first domain resolves to now.
    const domain = r.environment?.domains[0]
    if (!domain) return prove(true)
    const at = await port.deploymentAt(domain)
    if (at?.id === d.id) return prove(true)
    r.reason = `READY, but ${domain} does not serve it yet.`
    return undefined
  }
  if (d.substate === 'STAGED') {
    // promote: when-healthy: staged on purpose, and proven at its own URL before any visitor meets it.
    if (r.staged) {
      if (r.vercelStaged === false)
        log.info(`${r.project.name}: ${d.id} is READY and STAGED after all: it is proven at its own URL before it is promoted.`)
      stagingSeen(r, true)
      return prove(false)
    }
    if (r.promoted) return undefined
    // Vercel stops promoting after an Instant Rollback. Promoting our rebuild keeps the code the team chose
    // and gives it the new value, but only while production still serves the deployment we rebuilt: if
    // someone rolled back or promoted meanwhile, that choice is theirs and is never overridden.
    const serving = (await port.getProject(r.project.id)).servingProduction
    if (serving?.id !== r.source.id) {
      return void advance(r, 'failed', {
        reason: `Production changed during the rotation (it now serves ${serving?.id ?? 'nothing'}, not ${r.source.id}); the rebuild ${d.id} was left staged, not promoted. Decide what should serve, then re-run.`,
      })
    }
    await port.promote(d.projectId || r.project.id, d.id)
    r.promoted = true
    log.info(`${r.project.name}: ${d.id} was staged, not serving; promoted it (a rebuild of the deployment that was serving).`)
    return undefined
  }
  const serving = d.substate === 'ROLLING' || d.substate === 'PROMOTED' || d.aliasAssigned
  if (r.staged && serving) {
    // Said once: at the create's answer when it already said so, else now.
    if (r.vercelStaged !== false) log.warning(notStagedWarning(r, `took the production domains when READY (${d.substate ?? 'aliasAssigned'})`))
    stagingSeen(r, false)
    return prove(true)
  }
  if (serving) return prove(true)
  // READY, neither STAGED nor serving: Vercel's answers show no staging, so it is proven at its own URL and then
  // promoted, and never reported as contained unless its create's answer showed it staged.
  if (r.staged) return prove(false)
  return undefined
}

/** A staged create that Vercel did not stage: what it means, said at once. */
export function notStagedWarning(r: Rollout, how: string): string {
  return (
    `${r.project.name}: Vercel did not stage the rebuild ${r.deployment?.id ?? ''} of production although it was created staged (autoAssignCustomDomains: false): it ${how}. ` +
    'Production moves to it before its health checks, so a wrong value can reach visitors there; it is proven where it serves, never reported as contained, and no other project is rebuilt until it has passed (a canary of one).'
  )
}

/** A promoted rebuild, read again: serving all of production, rolling out, or not yet moved. */
function promoted(r: Rollout, d: Deployment, now: number): void {
  if (d.substate === 'ROLLING') return advance(r, 'rolling', { reason: 'Promoted; its rolling release has begun.' })
  if (d.substate === 'PROMOTED' || d.aliasAssigned) return advance(r, 'serving', { at: now, reason: undefined })
}

/**
 * An already-current deployment is proven only once its Deployment Checks passed: a conclusion other than
 * `succeeded` fails it, and checks still running when the run began hold it back until a re-run finds them done.
 */
export function judgeChecks(r: Rollout): void {
  const d = r.deployment!
  const checks = checksVerdict(d)
  if (checks === 'passed') return
  const what = `The deployment serving ${describe(r)} (${d.id}), built after the value was written,`
  advance(r, 'failed', {
    reason:
      checks === 'running'
        ? `${what} is still running its Deployment Checks. Re-run once they have passed.`
        : `${what} has Deployment Checks that concluded ${d.checksConclusion}, which is not a pass. Look at the checks in Vercel, fix the cause, then redeploy it or re-run.`,
  })
}
