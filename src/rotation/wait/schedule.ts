/**
 * When each waiting build is read next. Vercel's own client polls on a fixed cadence; builds of one project take
 * about as long as each other, so a build is also read just after it is due (this run's median build time after
 * its create), and builds falling due close together share one read. Pure: times in, times out.
 */
import type { Deployment } from '../../vercel/port.js'
import type { Rollout } from './rollout.js'

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
export function readSchedule(building: Rollout[], typical: number | undefined, now: number): { readAt: Map<Rollout, number>; wake: number } {
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
