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
  if (checksVerdict(serving) === 'failed') return { ok: false, reason: `The Deployment Checks of the deployment serving ${where} failed.` }
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
