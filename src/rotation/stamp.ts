/**
 * The rotation stamp: one line in a record's `comment` saying when its value was rotated, by which repository and
 * run. It is how `audit` tells a value's true age (`updatedAt` also moves on metadata edits), and a ledger anyone
 * reads in Vercel's dashboard. Metadata only: no value, no fingerprint of one.
 */

/**
 * Vercel's published `maxLength` of a record's `comment` (OpenAPI, create and edit of project and shared variables).
 * Lengths here are JavaScript's (UTF-16 code units), never fewer than the characters a JSON Schema validator counts.
 */
export const COMMENT_MAX = 500

export interface Stamp {
  /** When the value was rotated. */
  at: Date
  /** `owner/name` of the repository whose workflow rotated it. */
  repository?: string
  runId?: string
  runAttempt?: number
}

const PREFIX = '[rotate-vercel-secret: rotated '
// `[rotate-vercel-secret: rotated 2026-12-06T03:35:53Z by acme/web run 123456/2]`; `by …` is left out for local runs.
const PATTERN = /\s*\[rotate-vercel-secret: rotated (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)(?: by ([^\s\]]+) run (\d+)(?:\/(\d+))?)?\]/g

/** The stamp's time: ISO 8601 in UTC, to the second. */
const secondOf = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z')

export function formatStamp(s: Stamp): string {
  const by = s.repository && s.runId ? ` by ${s.repository} run ${s.runId}${s.runAttempt && s.runAttempt > 1 ? `/${s.runAttempt}` : ''}` : ''
  return `${PREFIX}${secondOf(s.at)}${by}]`
}

/** The newest stamp in a comment; undefined when it carries none. */
export function readStamp(comment: string | undefined): Stamp | undefined {
  let found: Stamp | undefined
  for (const m of (comment ?? '').matchAll(PATTERN)) {
    const at = new Date(m[1]!)
    // `Date` rolls 2026-02-30 over to March 2: only a time that reads back as written is one.
    if (Number.isNaN(at.getTime()) || secondOf(at) !== m[1] || (found && found.at >= at)) continue
    found = { at, ...(m[2] ? { repository: m[2], runId: m[3]!, runAttempt: m[4] ? Number(m[4]) : 1 } : {}) }
  }
  return found
}

/** The comment as the user wrote it: every stamp taken out, nothing else touched but the space around them. */
export function userText(comment: string | undefined): string {
  return (comment ?? '').replace(PATTERN, '').trim()
}

/** The comment carries at least one stamp (a valid one or not: `userText` takes out both). */
export const hasStamp = (comment: string | undefined): boolean => userText(comment) !== (comment ?? '').trim()

export interface StampedComment {
  comment: string
  stamped: boolean
  /** Why the stamp was left out: `comment full: 480 of 500 characters are the comment's own text, …`. */
  reason?: string
}

/**
 * The comment to write with a new value: the user's text, then the stamp. A stamp never stacks on an older one.
 * Where the user's text leaves no room within Vercel's limit, the text is kept alone and `stamped` is false: an old
 * stamp left in place would claim an older rotation than the value's.
 */
export function stampedComment(comment: string | undefined, stamp: Stamp): StampedComment {
  const text = userText(comment)
  const line = formatStamp(stamp)
  const joined = text ? `${text} ${line}` : line
  if (joined.length <= COMMENT_MAX) return { comment: joined, stamped: true }
  return {
    comment: text,
    stamped: false,
    reason: `comment full: ${text.length} of ${COMMENT_MAX} characters are the comment's own text, and the stamp needs ${line.length + 1}`,
  }
}
