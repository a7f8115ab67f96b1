/** Small text helpers for the job summary: escaping for table cells and Markdown, durations, short IDs. */

/** Text safe inside a GFM table cell: no pipe or line break ends the cell, no tag is opened. */
export const cell = (s: string): string => inline(s).replace(/\|/g, '\\|')

/** Text safe in running Markdown: one line, no raw HTML (Vercel's error messages are quoted as they come). */
export const inline = (s: string): string => s.replace(/\r?\n/g, ' ').replace(/</g, '&lt;')

/**
 * Text shown exactly as it is, whatever it holds (a key, a user's comment): a code span whose fence is longer than
 * any run of backticks inside, on one line. GFM opens no tag inside a code span, so `<` stays as it is (an escape
 * would show as `&lt;`); in a table cell the pipe, which would end the cell even there, is escaped.
 */
export function code(s: string, inTable = false): string {
  const line = s.replace(/\r?\n/g, ' ')
  const text = inTable ? line.replace(/\|/g, '\\|') : line
  const fence = '`'.repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

/** Wall-clock length for people: `0.4 s`, `12 s`, `4 min 12 s`, `1 h 05 min`. */
export function duration(ms: number): string {
  if (ms < 10_000) return `${Math.max(0, Math.round(ms / 100) / 10)} s`
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`
}

/** `2026-11-25T06:00:00.000Z` -> `2026-11-25 06:00:00 UTC`. */
export const utc = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')

/** A deployment ID short enough for a narrow column, like a short commit SHA; the link and its title keep the whole. */
export const shortId = (id: string): string => id.replace(/^dpl_/, '').slice(0, 7)

/** Cuts text to `max` characters for a table cell; the full text stays in the notes. */
export const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s)

/** `1 project` / `3 projects`. */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`
