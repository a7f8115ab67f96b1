/**
 * The wait: one loop that ties the parts together until every rollout serves and is proven, fails, the deadline
 * passes, or the run is cancelled. Each pass sleeps until the soonest build is due a read (schedule.ts), a READY
 * one a probe, or a rolling one a look at its rollout; reads the due builds in one request (read.ts), judges what
 * it read (judge.ts), proves what is READY (prove.ts), promotes what was proven staged and follows rolling
 * releases (act.ts), and logs progress (progress.ts).
 */
import type { VercelPort } from '../../vercel/port.js'
import { mapLimit } from '../parallel.js'
import type { Logger } from '../types.js'
import { followRollout, promoteProven, type RolloutPolicy } from './act.js'
import { judge } from './judge.js'
import { boundedFor, progressLine } from './progress.js'
import { prove, unhealthyReason, type ProveOptions } from './prove.js'
import { readStates, ReadRefused, SETTLED_STATES } from './read.js'
import { advance, describe, phaseOf, type Rollout } from './rollout.js'
import { nextReadAt, readSchedule, typicalBuildMs } from './schedule.js'

export interface Clock {
  now: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
}

export interface WaitOptions {
  deadline: number
  clock: Clock
  signal?: AbortSignal
  log: Logger
  prove: ProveOptions
  release?: RolloutPolicy
  /** Creates still in flight (startRedeploys): their rollouts are watched as each create resolves. */
  created?: Promise<void>
  /** Ends the holds of creates waiting behind a canary of one: called when the wait ends, before awaiting `created`. */
  stopCreates?: () => void
  /** Called once for each rollout as it turns unhealthy (on-unhealthy: rollback acts here, at once). */
  onUnhealthy?: (r: Rollout) => Promise<void>
}

const PROGRESS_EVERY_MS = 30_000
const COUNT_EVERY_MS = 1_000

/**
 * Polls until every pending rollout serves and is proven, fails, the deadline passes, or the run is cancelled.
 * A serving deployment still failing its health check at the deadline is unhealthy; one never serving, failed.
 */
export async function waitUntilServing(rollouts: Rollout[], port: VercelPort, o: WaitOptions): Promise<void> {
  const start = o.clock.now()
  try {
    await pollUntilServing(rollouts, port, o)
  } finally {
    // Nothing is reported while a create may still change its rollout. Lines still held are counted, and the
    // counts of everything follow, as each second during the wait.
    o.stopCreates?.()
    await o.created
    if (boundedFor(o.log).flush()) o.log.info(progressLine(rollouts, o.clock.now() - start))
  }
}

/** At the deadline: what still serves unproven is unhealthy, what never served failed, each with its reason. */
async function endAtDeadline(pending: Rollout[], port: VercelPort, o: WaitOptions): Promise<void> {
  o.stopCreates?.()
  await o.created
  // The reads skip builds still queued or building; one last read of every state makes the message exact.
  const stuck = pending.filter((r) => phaseOf(r) === 'building' || phaseOf(r) === 'promoting')
  const last = await readStates(stuck, port, {}, o.log).catch((err: unknown) => {
    if (err instanceof ReadRefused) return undefined
    throw err
  })
  for (const d of last ?? []) {
    const r = stuck.find((r) => r.deployment!.id === d.id)
    if (r) r.deployment = { ...r.deployment!, state: d.state, substate: d.substate }
  }
  for (const r of pending.filter((r) => r.outcome === 'pending')) {
    if (r.stage === 'proving') {
      const what = `${describe(r)} (${r.deployment!.id})`
      advance(r, 'unhealthy', {
        reason: r.lastProbe
          ? unhealthyReason(r, r.lastProbe.url, r.lastProbe.reason, what, 'deadline')
          : `Its health check was never answered before the timeout in ${what}.`,
      })
      await o.onUnhealthy?.(r)
    } else {
      const state = `${r.deployment?.state}${r.deployment?.substate ? `/${r.deployment.substate}` : ''}`
      advance(r, 'failed', {
        reason:
          `Not serving ${r.kind === 'preview' ? 'as a READY preview' : describe(r)} before the timeout (state ${state}). ${r.reason ? `${r.reason} ` : ''}Raise timeout-minutes if builds take longer, then re-run: it resumes.`.trim(),
      })
    }
  }
}

async function pollUntilServing(rollouts: Rollout[], port: VercelPort, o: WaitOptions): Promise<void> {
  const start = o.clock.now()
  let lastProgress = start
  let lastCount = start
  // When build states were last read: the next read keeps a gap after it.
  let lastRead = start
  const reads: { states?: string[] } = { states: SETTLED_STATES }
  const release = o.release ?? { rollingRelease: 'wait' }
  const lines = boundedFor(o.log)
  const ready = (r: Rollout) => {
    const what = r.kind === 'preview' ? 'READY' : r.exposed ? 'READY and serving' : 'READY and staged'
    lines.info(`deployments ${what}`, r.project.name, `${r.project.name}: ${describe(r)} ${r.deployment!.id} is ${what}.`)
  }
  // A rollout proven (or needing no proof) moves on: followed when rolling, else serving. A staged one waits
  // for the promotions of its tick, made together.
  const toPromote: Rollout[] = []
  const proven = async (r: Rollout, now: number) => {
    if (r.staged && !r.exposed) return void toPromote.push(r)
    if (r.deployment?.substate === 'ROLLING') {
      advance(r, 'rolling')
      return followRollout(r, port, release, o.clock.now, o.log)
    }
    advance(r, 'serving', { at: now, reason: undefined })
  }
  const step = async (r: Rollout, act: () => Promise<void>) => {
    try {
      await act()
    } catch (err) {
      if (r.outcome === 'pending') advance(r, 'failed', { reason: (err as Error).message })
    }
    if (r.outcome === 'failed') o.log.warning(`${r.project.name}: ${describe(r)} failed: ${r.reason}`)
    if (r.outcome === 'unhealthy') await o.onUnhealthy?.(r)
  }
  for (;;) {
    const pending = rollouts.filter((r) => r.outcome === 'pending')
    if (pending.length === 0 || o.signal?.aborted) return
    const now = o.clock.now()
    if (now >= o.deadline) return endAtDeadline(pending, port, o)
    // Proofs of what already serves start at once; everything else waits one polling interval first.
    const dueProbe = Math.min(...pending.filter((r) => r.stage === 'proving').map((r) => r.nextProbeAt))
    const dueRollout = Math.min(...pending.filter((r) => r.stage === 'rolling').map((r) => r.nextRolloutReadAt ?? now))
    for (const r of pending) if (r.deployment) r.seenAt ??= now
    // A rebuild is due when this run's builds take (before any is READY, as long as its source took) after its create.
    const typical = typicalBuildMs(rollouts.filter((r) => r.deployment !== r.source && r.deployment?.state === 'READY').map((r) => r.deployment!))
    const { readAt, wake } = readSchedule(
      pending.filter((r) => r.stage === 'building' || r.stage === 'promoting'),
      typical,
      now,
    )
    const poll = Math.min(wake, readAt.size > 0 ? nextReadAt(lastRead, [...readAt.values()]) : Infinity) - now
    const wait = Math.min(poll, Math.max(0, Math.min(dueProbe, dueRollout) - now), o.deadline - now)
    if (wait > 0) {
      try {
        await o.clock.sleep(wait, o.signal)
      } catch {
        return // cancelled
      }
    }
    const tick = o.clock.now()
    // A read asks for the builds whose time has come; rollouts whose create has not resolved have nothing to look for.
    const waiting = pending.filter((r) => (phaseOf(r) === 'building' || phaseOf(r) === 'promoting') && (readAt.get(r) ?? Infinity) <= tick)
    if (waiting.length > 0) {
      lastRead = tick
      for (const r of waiting) r.lastReadAt = tick
      const listed = await readStates(waiting, port, reads, o.log).catch((err: unknown) => {
        if (!(err instanceof ReadRefused)) throw err
        // Said once, not once per project: every build of this read failed for the same reason.
        o.log.warning(err.message)
        for (const r of waiting) if (r.outcome === 'pending') advance(r, 'failed', { reason: err.message })
        return undefined
      })
      // What the read found was so by the time it was answered: a deployment serves from then, not from the tick.
      const seen = o.clock.now()
      const byId = new Map((listed ?? []).map((d) => [d.id, d]))
      for (const r of waiting) {
        const d = byId.get(r.deployment!.id)
        if (!d) continue
        await step(r, async () => {
          if ((await judge(r, d, port, seen, o.log)) === 'proving' && r.deployment !== r.source) ready(r)
        })
      }
    }
    const due = rollouts.filter((r) => phaseOf(r) === 'proving' && r.nextProbeAt <= tick)
    await mapLimit(due, 8, (r) =>
      step(r, async () => {
        if (o.prove.checks.length === 0 || (await prove(r, port, o.prove, tick, o.log))) await proven(r, tick)
      }),
    )
    if (toPromote.length > 0) {
      const batch = toPromote.splice(0)
      try {
        await promoteProven(batch, port, tick, o.log)
      } catch (err) {
        for (const r of batch) if (r.outcome === 'pending' && r.stage === 'proving') advance(r, 'failed', { reason: (err as Error).message })
      }
      for (const r of batch) if (r.outcome === 'failed') o.log.warning(`${r.project.name}: ${describe(r)} failed: ${r.reason}`)
    }
    const rolling = rollouts.filter((r) => phaseOf(r) === 'rolling' && (r.nextRolloutReadAt ?? 0) <= tick)
    for (const r of rolling) await step(r, () => followRollout(r, port, release, o.clock.now, o.log))
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
