/**
 * The comment each written record gets: the user's text and this run's rotation stamp, sent in the same request as
 * the value; what a plan shows of it; and, where a failed rotation is undone, the comment as it was before.
 */
import { hasStamp, readStamp, stampedComment, userText, type Stamp } from './stamp.js'
import type { Logger, Plan, ProjectPlan, RecordRef, RunContext } from './types.js'

/** Unstamped records named in the log's warning; the rest follow it one line each. */
const NAMED = 10

/** This run's stamp at a moment of its clock. */
export function stampOf(run: RunContext, at: number): Stamp {
  return {
    at: new Date(at),
    ...(run.repository ? { repository: run.repository } : {}),
    ...(run.runId ? { runId: run.runId } : {}),
    runAttempt: run.runAttempt,
  }
}

/** One record's comment with its new value. */
export interface CommentWrite {
  /** What the record's comment is once written. */
  comment: string
  /** Sent with the value; undefined where the comment stays exactly as it is. */
  send?: string
  /** Why it carries no stamp: its own text leaves no room. */
  unstamped?: string
}

/** The comment a record holding `current` gets with a value written under `stamp`. */
export function commentWrite(current: string | undefined, stamp: Stamp): CommentWrite {
  const next = stampedComment(current, stamp)
  if (next.stamped) return { comment: next.comment, send: next.comment }
  // The user's text alone. It is sent only to take an old stamp out, which would claim an older rotation than the
  // value's; otherwise nothing is sent, so a comment Vercel once took stays exactly as it is.
  if (hasStamp(current)) return { comment: next.comment, send: next.comment, unstamped: next.reason! }
  return { comment: current ?? '', unstamped: next.reason! }
}

/**
 * The comment to write back with the previous value, so that no stamp claims a rotation that was undone: the one
 * the record held before this run wrote, where this run changed it (`''` for a record that had none, or that this
 * run created). A stamp of an earlier attempt of this same run is taken out: that attempt replaced whatever stamp
 * was there before. Undefined: the comment is left as it is.
 */
export function commentBack(before: string | undefined, sent: string | undefined, run: RunContext): string | undefined {
  const stamp = readStamp(before)
  if (stamp?.runId !== undefined && stamp.runId === run.runId && stamp.repository === run.repository) return userText(before)
  return sent === undefined ? undefined : (before ?? '')
}

/** Each project's reported records with the comment written, as `commentOf` says; records it leaves out stay as they are. */
export function withComments(plan: Plan, commentOf: (p: ProjectPlan, r: RecordRef) => CommentWrite | undefined): void {
  for (const p of plan.projects) {
    p.records = p.records.map((r) => {
      const c = commentOf(p, r)
      return c ? { ...r, comment: c.comment, ...(c.unstamped ? { unstamped: c.unstamped } : {}) } : r
    })
  }
}

/** plan: the comment a rotate would write in each record, under a stamp of the plan's own time. */
export function previewComments(plan: Plan, stamp: Stamp): void {
  const current = new Map<string, string | undefined>([...plan.shared, ...plan.projects.flatMap((p) => p.writes)].map((r) => [r.id, r.comment]))
  // A record yet to be created (`(new)`) has no comment: the stamp alone.
  withComments(plan, (_, r) => commentWrite(r.id === '(new)' ? undefined : current.get(r.id), stamp))
}

/** Records written without the stamp, once each: `DATABASE_URL env_1 in web: comment full: …`. */
export function unstampedLines(plan: Plan, scope: 'project' | 'team'): string[] {
  const seen = new Map<string, string>()
  for (const p of plan.projects) {
    for (const r of p.records) {
      if (!r.unstamped) continue
      const where = scope === 'team' ? '(shared)' : `in ${p.name}`
      seen.set(`${r.id}\n${where}`, `${r.key} ${r.id} ${where}: ${r.unstamped}`)
    }
  }
  return [...seen.values()]
}

/** Says in the log which records were written without the stamp, and why: one warning, naming the first few. */
export function logUnstamped(plan: Plan, scope: 'project' | 'team', log: Logger): void {
  const lines = unstampedLines(plan, scope)
  if (lines.length === 0) return
  const named = lines.slice(0, NAMED)
  const records = lines.length === 1 ? '1 record’s comment, which has' : `${lines.length} records’ comments, which have`
  log.warning(
    `Rotation stamp left out of ${records} no room left for it (audit dates a value without one by its record's last edit; shorten the comment in Vercel and the next rotation stamps it): ${named.join('; ')}${lines.length > NAMED ? `; and ${lines.length - NAMED} more, below` : ''}.`,
  )
  for (const line of lines.slice(NAMED)) log.info(`Not stamped: ${line}.`)
}
