/**
 * The folded part of the audit's summary: every finding one per record, the records with no finding, the public
 * configuration left out of `readable` and `old`, and the reads that came back incomplete. Pure.
 */
import { markdownTable } from 'markdown-table'
import { keyMatcher } from '../audit/key-patterns.js'
import { cmp } from '../audit/reach.js'
import type { AuditRecord, AuditResult, AuditSettings } from '../audit/types.js'
import { readStamp } from '../rotation/stamp.js'
import { KIND_LABEL } from './audit-groups.js'
import { cell, code, count, inline } from './format.js'

const fold = (summary: string, body: string[]): string[] => ['', '<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>']
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * Lines of the per-record list and of the gaps, at most: GitHub drops a step summary over 1 MiB whole, and a team of
 * 1000 projects has thousands of findings. The `findings` output and the result file hold every one.
 */
export const LISTED_MAX = 300

/** One line per finding: kind, key, projects, record, age, detail. The list a reader checks a grouped row against. */
function everyFinding(result: AuditResult): string[] {
  if (!result.findings.length) return []
  const rest = result.findings.length - LISTED_MAX
  const lines = result.findings.slice(0, LISTED_MAX).map((f) => {
    const where =
      f.projects.length > 3 ? `${f.projects.slice(0, 3).join(', ')} +${f.projects.length - 3} more` : f.projects.join(', ') || 'no project'
    // An old finding's detail is its age already.
    const age = f.ageDays !== undefined && f.kind !== 'old' ? ` · ${f.ageDays} d since ${f.ageFrom === 'rotation' ? 'rotated' : 'edited'}` : ''
    return `- ${f.violation ? '❌ ' : ''}${KIND_LABEL[f.kind]} · ${code(f.key)} · ${f.scope} ${inline(where)} · ${code(f.record)}${age}<br>${inline(f.detail)}`
  })
  if (rest > 0) lines.push(`- … and ${rest} more, worst first above: every finding is in the result file (\`result-file\` output).`)
  return fold(`Every finding, one per record (${result.findings.length})`, lines)
}

/** The last change a record's age is counted from: the rotation stamp, else the last edit. */
function changedOf(r: AuditRecord): { at?: number; stamped: boolean } {
  const stamp = readStamp(r.comment)
  return stamp ? { at: stamp.at.getTime(), stamped: true } : { at: r.updatedAt, stamped: false }
}

function span(rs: AuditRecord[]): string {
  const changes = rs.map(changedOf)
  const at = changes.map((c) => c.at).filter((x): x is number => x !== undefined)
  if (!at.length) return 'unknown'
  const lo = day(Math.min(...at))
  const hi = day(Math.max(...at))
  const stamped = changes.filter((c) => c.stamped).length
  const how = stamped === rs.length ? 'rotated' : stamped === 0 ? 'edited' : `${stamped} rotated, ${rs.length - stamped} edited`
  return `${how} ${lo === hi ? lo : `${lo} – ${hi}`}`
}

/** Records with no finding, one row per key and scope. */
function quiet(result: AuditResult, records: AuditRecord[], names: Map<string, string>): string[] {
  const found = new Set(result.findings.map((f) => f.record))
  const left = records.filter((r) => !found.has(r.id))
  if (!left.length) return []
  const groups = new Map<string, AuditRecord[]>()
  for (const r of left) groups.set(`${r.key}\u0000${r.scope}`, [...(groups.get(`${r.key}\u0000${r.scope}`) ?? []), r])
  const rows = [...groups.values()]
    .sort((a, b) => cmp(a[0]!.key, b[0]!.key) || cmp(a[0]!.scope, b[0]!.scope))
    .map((rs) => {
      const projects = [...new Set(rs.flatMap((r) => r.projectIds.map((id) => names.get(id) ?? id)))].sort(cmp)
      const shown =
        projects.length > 3 ? `${projects.length} projects: ${projects.slice(0, 2).join(', ')} +${projects.length - 2} more` : projects.join(', ')
      return [code(rs[0]!.key, true), rs[0]!.scope, cell(shown || '—'), cell([...new Set(rs.map((r) => r.type))].join(', ')), cell(span(rs))]
    })
  return fold(`${count(left.length, 'record')} without findings`, [
    markdownTable([['Key', 'Scope', 'Projects', 'Type', 'Last change'], ...rows], { alignDelimiters: false }),
    '',
    'The last change is the rotation stamp’s time where the record has one, else the last edit, which metadata edits (a comment, the targets) also move.',
  ])
}

function publicConfig(records: AuditRecord[], s: AuditSettings | undefined): string[] {
  if (!records.length) return []
  const byKey = new Map<string, number>()
  for (const r of records) byKey.set(r.key, (byKey.get(r.key) ?? 0) + 1)
  const keys = [...byKey].sort(([a], [b]) => cmp(a, b)).map(([k, n]) => `${code(k)}${n > 1 ? ` (${n})` : ''}`)
  const patterns = (s?.ignore ?? []).map((p) => code(p)).join(', ')
  return fold(`${count(records.length, 'record')} of public configuration, never readable or old`, [
    `Keys matching \`ignore\` (${patterns}): ${keys.join(', ')}.`,
  ])
}

function gaps(result: AuditResult): string[] {
  const list = result.inventory.gaps
  if (!list.length) return []
  return fold(`⚠️ ${count(list.length, 'read')} came back incomplete`, [
    ...list.slice(0, LISTED_MAX).map((g) => `- ${inline(g)}`),
    ...(list.length > LISTED_MAX ? [`- … and ${list.length - LISTED_MAX} more, in the log.`] : []),
  ])
}

export function inventorySections(result: AuditResult, s: AuditSettings | undefined): string[] {
  const inName = s?.keys.length ? keyMatcher(s.keys) : () => true
  const ignored = keyMatcher(s?.ignore ?? [])
  const records = result.inventory.records.filter((r) => inName(r.key))
  const names = new Map(result.inventory.projects.map((p) => [p.id, p.name]))
  return [
    ...everyFinding(result),
    ...quiet(
      result,
      records.filter((r) => !ignored(r.key)),
      names,
    ),
    ...publicConfig(
      records.filter((r) => ignored(r.key)),
      s,
    ),
    ...gaps(result),
  ]
}
