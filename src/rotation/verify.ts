/** Whether the deployment serving an environment carries the value written at `since`. Pure. */
import type { Deployment } from '../vercel/port.js'
import { checksVerdict } from './health.js'

export interface Verdict {
  ok: boolean
  reason?: string
}

export function judgeServing(serving: Deployment | undefined, since: number, rolledBack = false, where = 'production'): Verdict {
  if (!serving) return { ok: false, reason: `No deployment serves ${where}.` }
  const at = new Date(since).toISOString()
  if (serving.createdAt <= since) {
    const why = rolledBack ? 'Production was rolled back to a deployment' : `The deployment serving ${where} was`
    return {
      ok: false,
      reason: `${why} created before the value was written (${at}); it still has the old value. Redeploy (mode: redeploy) or undo the rollback, then verify again.`,
    }
  }
  if (serving.state !== 'READY') return { ok: false, reason: `The deployment serving ${where} is ${serving.state}.` }
  if (serving.substate === 'ROLLING') {
    return {
      ok: false,
      reason:
        'A rolling release is still in progress: the previous deployment still serves part of the traffic. Wait for it to finish, then verify again.',
    }
  }
  if (serving.substate === 'STAGED') {
    return { ok: false, reason: 'The newest production build is staged and not yet promoted. Promote it, then verify again.' }
  }
  if (checksVerdict(serving) === 'running') {
    return { ok: false, reason: `The Deployment Checks of the deployment serving ${where} are still running. Verify again once they have passed.` }
  }
  if (checksVerdict(serving) === 'failed') {
    return {
      ok: false,
      reason: `The Deployment Checks of the deployment serving ${where} concluded ${serving.checksConclusion}, which is not a pass.`,
    }
  }
  return { ok: true }
}
