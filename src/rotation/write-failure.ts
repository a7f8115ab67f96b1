/**
 * What a write that failed part-way reports, and how: the keys written and not written in each project, the error,
 * and when the part that landed was written. Nothing is redeployed after it.
 */
import { deploymentRef } from './results.js'
import type { Plan, RunResult } from './types.js'

/** What landed in Vercel before a write failed, per project: the keys written and the keys not written. */
export interface WriteOutcome {
  projectId: string
  written: string[]
  notWritten: string[]
  /** Keys of notWritten that some of their records in this project were written for: `1 of 2 records written`. */
  partly?: Record<string, string>
  error?: string
}

/** The keys not written in one project, each with how many of its records were, where some were. */
export function notWrittenLabels(o: WriteOutcome): string[] {
  return o.notWritten.map((k) => (o.partly?.[k] ? `${k} (${o.partly[k]})` : k))
}

/** How many records of each key not fully written did land: the part that already holds the new value. */
export function partly(records: { id: string; key: string }[], done: Set<string>, keys: string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  for (const key of keys) {
    const all = records.filter((r) => r.key === key)
    const landed = all.filter((r) => done.has(r.id)).length
    if (landed > 0 && landed < all.length) out[key] = `${landed} of ${all.length} records written`
  }
  return Object.keys(out).length > 0 ? out : undefined
}

export class WriteError extends Error {
  constructor(
    message: string,
    readonly outcomes: WriteOutcome[],
    /** When Vercel recorded the first write that did land (epoch ms): rotated-at; undefined when none did. */
    readonly writtenAt?: number,
  ) {
    super(message)
    this.name = 'WriteError'
  }

  /** Projects whose records were all written before the failure. */
  get writtenProjectIds(): string[] {
    return this.outcomes.filter((o) => o.notWritten.length === 0).map((o) => o.projectId)
  }

  get failedProjectIds(): string[] {
    return this.outcomes.filter((o) => o.notWritten.length > 0).map((o) => o.projectId)
  }
}

/** Which keys landed where, and what a re-run does: the line that makes a partial write safe to act on. */
export function describePartialWrite(err: WriteError, plan: Plan): string {
  const name = (id: string) => plan.projects.find((p) => p.id === id)?.name ?? id
  const written = err.outcomes.filter((o) => o.written.length > 0).map((o) => `${name(o.projectId)} (${o.written.join(', ')})`)
  const missing = err.outcomes.filter((o) => o.notWritten.length > 0).map((o) => `${name(o.projectId)} (${notWrittenLabels(o).join(', ')})`)
  const reached = err.outcomes.filter((o) => o.written.length > 0 || o.partly)
  const mixed = reached.filter((o) => o.notWritten.length > 0).map((o) => name(o.projectId))
  return [
    written.length > 0 ? `Written: ${written.join('; ')}.` : reached.length > 0 ? '' : 'Nothing was written.',
    missing.length > 0 ? `Not written: ${missing.join('; ')}.` : '',
    'Nothing was redeployed: every deployment still runs with the values it was built with.',
    // The written records are live for the next build, whoever starts it.
    reached.length > 0
      ? `The records written hold the new values in Vercel now, so the next deployment of ${reached.map((o) => name(o.projectId)).join(', ')} (a git push, say) builds with them${mixed.length > 0 ? `; in ${mixed.join(', ')} beside the old values of the records not written` : ''}.`
      : '',
    'A re-run writes every key again and then redeploys each project once.',
  ]
    .filter(Boolean)
    .join(' ')
}

/** The run's result after a failed write: every project failed (nothing written there) or skipped (written, not redeployed). */
export function failedWrite(result: RunResult, err: unknown, plan: Plan, what: string): void {
  const outcomes = err instanceof WriteError ? new Map(err.outcomes.map((o) => [o.projectId, o])) : undefined
  result.projects = plan.projects.map((p) => {
    const o = outcomes?.get(p.id)
    const failed = !o || o.notWritten.length > 0
    const written = o && o.written.length > 0 ? `Written: ${o.written.join(', ')}. ` : ''
    return {
      id: p.id,
      name: p.name,
      records: p.records,
      deployment: deploymentRef(p.serving),
      status: failed ? 'failed' : 'skipped',
      note: failed
        ? `${written}Not written: ${o ? notWrittenLabels(o).join(', ') : what}. Not redeployed.`
        : `Written: ${o.written.join(', ')}; not redeployed because another write failed. A re-run writes again and redeploys.`,
      revokeReady: false,
    }
  })
  result.written = err instanceof WriteError && err.outcomes.some((o) => o.written.length > 0)
  // Values that were written are in Vercel now: say when, so nobody mistakes the partial write for none.
  if (err instanceof WriteError && err.writtenAt !== undefined) result.rotatedAt = new Date(err.writtenAt).toISOString()
  result.error = err instanceof WriteError ? `${err.message}\n${describePartialWrite(err, plan)}` : (err as Error).message
}
