/** Whether the deployment serving an environment carries the value written at `since`. Pure. */
import type { Deployment } from '../vercel/port.js'
import type { ProjectPlan } from './types.js'
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

/** A record as verify reads it: when Vercel says it was last written. */
export interface WrittenRecord {
  id: string
  key: string
  updatedAt?: number
}

/**
 * When one project's value was written: its own records' newest `updatedAt` (never before rotated-at), and, with
 * rotated-at, the records written before it: the rotation never wrote them, so they still hold the old value.
 * A record Vercel gives no time for counts among those: unknown never means written.
 */
export function projectWrite(records: WrittenRecord[], rotatedAt: number | undefined): { since?: number; unwritten: WrittenRecord[] } {
  const times = records.map((r) => r.updatedAt ?? 0).filter((t) => t > 0)
  const newest = times.length > 0 ? Math.max(...times) : undefined
  if (rotatedAt === undefined) return { since: newest, unwritten: [] }
  return { since: Math.max(rotatedAt, newest ?? 0), unwritten: records.filter((r) => !(r.updatedAt !== undefined && r.updatedAt >= rotatedAt)) }
}

/** Writes further apart than a rotation takes: without rotated-at, verify cannot tell a project it never reached. */
const UNEVEN_MS = 10 * 60_000

/**
 * verify without rotated-at: a project whose records were last written well before another's may be one the
 * rotation never wrote; judged against its own records, it looks current once anything redeploys it.
 */
export function unevenWrites<P extends Pick<ProjectPlan, 'name'>>(projects: P[], sinceOf: (p: P) => number): string[] {
  if (projects.length < 2) return []
  const newest = Math.max(...projects.map(sinceOf))
  const behind = projects.filter((p) => sinceOf(p) < newest - UNEVEN_MS)
  if (behind.length === 0) return []
  const at = (t: number) => new Date(t).toISOString()
  const named = behind.slice(0, 10).map((p) => `${p.name}'s records were last written at ${at(sinceOf(p))}`)
  if (behind.length > 10) named.push(`${behind.length - 10} more project(s) also earlier`)
  return [
    `Without rotated-at, each project is judged against its own records' last write, and a project the rotation never wrote looks current once anything redeploys it. ${named.join('; ')}, the newest at ${at(newest)}. Pass rotated-at from the rotate job to tell.`,
  ]
}
