/**
 * What the wait does to production, beside watching it: promote proven staged rebuilds, follow (or complete) a
 * rolling release, and roll back a live rebuild that failed its health checks (on-unhealthy: rollback). A
 * promotion happens only while production still serves what the rotation rebuilt: a choice someone made
 * meanwhile is theirs.
 */
import type { RollingRelease, VercelPort } from '../../vercel/port.js'
import { mapLimit } from '../parallel.js'
import { productionNow } from '../serving-now.js'
import type { Logger } from '../types.js'
import { boundedFor } from './progress.js'
import { pollingDelay } from './schedule.js'
import { advance, describe, type Rollout } from './rollout.js'

/** Promotes proven staged rebuilds, each once production is confirmed to still serve the deployment it rebuilt. */
export async function promoteProven(rs: Rollout[], port: VercelPort, now: number, log: Logger): Promise<void> {
  const serving = await productionNow([...new Set(rs.map((r) => r.project.id))], port)
  await mapLimit(rs, 8, async (r) => {
    const d = r.deployment!
    const servingId = serving.get(r.project.id)?.id
    if (servingId !== r.source.id) {
      advance(r, 'failed', {
        reason: `Production changed during the rotation (it now serves ${servingId ?? 'nothing'}, not ${r.source.id}); the proven rebuild ${d.id} was left staged, not promoted. Decide what should serve, then re-run.`,
      })
      return
    }
    let queued: boolean
    try {
      ;({ queued } = await port.promote(d.projectId || r.project.id, d.id))
    } catch (err) {
      advance(r, 'failed', { reason: (err as Error).message })
      return
    }
    r.promoted = true
    if (queued) return queuedBehind(r, port, now, log)
    r.exposed = true
    // Read again a second from now, on a schedule of its own: the promotion, not the build, is awaited.
    r.seenAt = now
    r.lastReadAt = now
    advance(r, 'promoting', { reason: 'Proven and promoted; waiting for production to serve it.' })
    boundedFor(log).info(
      'proven rebuilds promoted',
      r.project.name,
      `${r.project.name}: ${describe(r)} ${d.id} passed its checks at its own URL; promoted it.`,
    )
  })
}

/**
 * Vercel queued the promotion (HTTP 202) behind the project's active rolling release: it begins once that one
 * completes. The rollout is followed from here, so its progress, its abort or the timeout name what it waits for.
 */
async function queuedBehind(r: Rollout, port: VercelPort, now: number, log: Logger): Promise<void> {
  const rr = await port.rollingRelease(r.project.id).catch(() => undefined)
  // The rollout it waits for, even if that one has ended since the answer: the 202 says one was active.
  const ahead = rr?.canaryDeploymentId !== r.deployment!.id ? rr?.canaryDeploymentId : undefined
  r.queuedBehind = ahead ?? 'another deployment'
  advance(r, 'rolling', { reason: queuedReason(r) })
  r.rollout = { stage: `queued behind the active rolling release of ${r.queuedBehind}` }
  r.nextRolloutReadAt = now
  log.info(
    `${r.project.name}: ${describe(r)} ${r.deployment!.id} passed its checks at its own URL; promoted it. Vercel queued the promotion behind the active rolling release of ${r.queuedBehind}: it begins when that one completes.`,
  )
}

const queuedReason = (r: Rollout) =>
  `Proven and promoted, but Vercel queued the promotion behind the active rolling release of ${r.queuedBehind}: it begins only when that rollout completes (complete it, or let it finish, in Vercel: the project > Rolling Releases).`

export interface RolloutPolicy {
  /** rolling-release: follow the project's stages, or complete the rollout once the deployment is proven. */
  rollingRelease: 'wait' | 'complete'
}

/** One look at the rolling release a rollout is in: on with it, done, or aborted; `clock` is read after the look. */
export async function followRollout(r: Rollout, port: VercelPort, o: RolloutPolicy, clock: () => number, log: Logger): Promise<void> {
  const d = r.deployment!
  let rr = await port.rollingRelease(r.project.id)
  // A queued promotion is followed until it begins; from then on, as any rollout.
  if (r.queuedBehind !== undefined && (stillQueued(r, rr, clock, log) || r.outcome !== 'pending')) return
  if (rr?.state === 'ACTIVE' && rr.canaryDeploymentId === d.id && o.rollingRelease === 'complete' && !r.completed) {
    await port.completeRollingRelease(r.project.id, d.id)
    r.completed = true
    log.info(`${r.project.name}: ${d.id} is proven; completed its rolling release (rolling-release: complete).`)
    rr = await port.rollingRelease(r.project.id)
  }
  // After the read: a rollout that completed while it was in flight serves from no earlier than now.
  const now = clock()
  const others = rr?.canaryDeploymentId !== undefined && rr.canaryDeploymentId !== d.id
  if (!rr || (rr.state === 'COMPLETE' && !others)) {
    r.rollout = undefined
    advance(r, 'serving', { at: now, reason: undefined })
    return
  }
  if (rr.state === 'ABORTED' || others) {
    const why =
      rr.state === 'ABORTED'
        ? `Its rolling release was aborted: production is back on ${rr.currentDeploymentId ?? 'the previous deployment'}, built with the old value. Find out why in Vercel, then re-run.`
        : `Production moved on to another rollout (${rr.canaryDeploymentId}) during the rotation. Decide what should serve, then re-run.`
    advance(r, 'failed', { reason: why })
    return
  }
  r.rollout = rolloutStage(rr)
  r.reason = `READY; its rolling release is at ${r.rollout.stage}${r.rollout.approval ? `, ${r.rollout.approval}` : ''}: the old deployment still serves the rest of production.`
  r.nextRolloutReadAt = now + pollingDelay(now - (r.servedAt ?? now))
}

/**
 * A queued promotion, looked at again: true while it still waits (the rollout is read again later), false once
 * the look settled it: it began (and is followed as a rollout of its own) or can no longer begin (failed).
 */
function stillQueued(r: Rollout, rr: RollingRelease | undefined, clock: () => number, log: Logger): boolean {
  const d = r.deployment!
  const now = clock()
  if (rr?.canaryDeploymentId === d.id) {
    log.info(`${r.project.name}: ${describe(r)} ${d.id}: the rollout it was queued behind completed; its own rolling release has begun.`)
    r.queuedBehind = undefined
    r.exposed = true
    return false
  }
  if (rr?.state === 'ABORTED' && rr.queuedDeploymentId !== d.id) {
    advance(r, 'failed', {
      reason: `Its promotion was queued behind the rolling release of ${r.queuedBehind}, which was aborted, so it never began: production still serves ${rr.currentDeploymentId ?? 'the previous deployment'}, built with the old value. Find out why in Vercel, then re-run.`,
    })
    return false
  }
  if (rr?.state === 'ACTIVE' && rr.queuedDeploymentId !== d.id && rr.canaryDeploymentId !== r.queuedBehind) {
    advance(r, 'failed', {
      reason: `Production moved on to another rollout (${rr.canaryDeploymentId}) while the promotion of ${d.id} was queued. Decide what should serve, then re-run.`,
    })
    return false
  }
  // Still queued (or the rollout ahead has just ended and this one has not begun yet): look again later.
  r.reason = queuedReason(r)
  r.nextRolloutReadAt = now + pollingDelay(now - (r.readySeenAt ?? now))
  return true
}

/** `stage 2 of 3 (25% of traffic)`, and who must act when the rollout waits for someone. */
export function rolloutStage(rr: RollingRelease): { stage: string; approval?: string } {
  const a = rr.activeStage
  const stage = a ? `stage ${a.index + 1} of ${rr.stageCount} (${a.targetPercentage}% of traffic)` : 'its first stage'
  if (rr.substate === 'PAUSED') {
    return {
      stage,
      approval: 'paused: a project member resumes it in Vercel (the project > Rolling Releases), or re-run with rolling-release: complete',
    }
  }
  if (a?.requireApproval && !a.isFinalStage) {
    return {
      stage,
      approval:
        'waiting for approval: a project member approves the next stage in Vercel (the project > Rolling Releases), or re-run with rolling-release: complete',
    }
  }
  return { stage }
}

/**
 * on-unhealthy: rollback. Production goes back to the deployment that served before the rotation: it was built
 * with the old value, which is still valid, so the site keeps working while someone fixes the new value.
 */
export async function rollBack(r: Rollout, port: VercelPort, log: Logger): Promise<void> {
  if (r.kind !== 'production' || r.outcome !== 'unhealthy' || r.deployment === r.source || !r.exposed) return
  try {
    await port.rollback(r.project.id, r.source.id)
    r.rolledBackTo = r.source.id
    log.warning(`${r.project.name}: production rolled back to ${r.source.id}, the deployment that served before the rotation.`)
  } catch (err) {
    r.reason = `${r.reason} The rollback to ${r.source.id} failed too: ${(err as Error).message}`
  }
}
