/**
 * What a listed deployment state means for a building rollout: failed, still on its way (checks running, a
 * domain not yet moved, a rolling release), or serving. A production rebuild Vercel staged is promoted here, but
 * only while production still serves the deployment it rebuilt.
 */
import type { Deployment, VercelPort } from '../../vercel/port.js'
import { checksVerdict } from '../health.js'
import type { Logger } from '../types.js'
import { advance, type Rollout } from './rollout.js'

const FAILED_STATES: Record<string, string> = {
  ERROR: 'The build failed (ERROR). Fix the build in Vercel, then re-run.',
  CANCELED: 'The build was canceled (an Ignored Build Step can cancel a redeploy). Allow the build, then re-run.',
  DELETED: 'The deployment was deleted before it served.',
  BLOCKED: 'The deployment was blocked (e.g. by a check or protection). Unblock it in Vercel, then re-run.',
}

/** Moves one building rollout on from its listed state; true when it now serves. */
export async function judge(r: Rollout, d: Deployment, port: VercelPort, log: Logger): Promise<boolean> {
  r.deployment = { ...r.deployment!, ...d, url: d.url || r.deployment!.url, projectId: d.projectId || r.project.id }
  if (FAILED_STATES[d.state]) {
    advance(r, 'failed', { reason: d.errorMessage ? `${FAILED_STATES[d.state]} Vercel: ${d.errorMessage}` : FAILED_STATES[d.state] })
    return false
  }
  if (d.state !== 'READY') return false
  const checks = checksVerdict(d)
  if (checks === 'failed') {
    advance(r, 'failed', {
      reason: "Vercel's Deployment Checks concluded failed for the new deployment. Look at the checks in Vercel, fix the cause, then re-run.",
    })
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
      advance(r, 'failed', {
        reason: `Production changed during the rotation (it now serves ${serving?.id ?? 'nothing'}, not ${r.source.id}); the rebuild ${d.id} was left staged, not promoted. Decide what should serve, then re-run.`,
      })
      return false
    }
    await port.promote(d.projectId || r.project.id, d.id)
    r.promoted = true
    log.info(`${r.project.name}: ${d.id} was staged, not serving; promoted it (a rebuild of the deployment that was serving).`)
    return false
  }
  return d.substate === 'PROMOTED' || d.aliasAssigned
}
