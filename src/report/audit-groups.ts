/**
 * The audit's findings as the summary shows them: grouped by key, kind and scope (one row, however many projects),
 * the keys with the worst finding first, each row's cells narrow enough for a 700 px page. Pure.
 */
import { rankOf } from '../audit/findings.js'
import { integrationOf, isReadable } from '../audit/policy.js'
import type { AuditRecord, AuditResult, Finding, FindingKind } from '../audit/types.js'
import { behindOf } from '../audit/deployed.js'
import { cmp, indexOf, type Index } from '../audit/reach.js'
import { span } from '../audit/words.js'
import { cell, clip, shortId } from './format.js'
import { deploymentLink } from './links.js'
import { CELL_MAX } from './rows.js'

export const KIND_LABEL: Record<FindingKind, string> = {
  readable: '🔓 readable',
  'not-deployed': '⏳ not deployed',
  old: '🕰️ old',
  shadowed: '🪞 shadowed',
  integration: '🔌 integration',
}

/** The kinds in the order the counts line and the fixes list them: worst first. */
export const KINDS: FindingKind[] = ['readable', 'not-deployed', 'old', 'shadowed', 'integration']

export interface Group {
  key: string
  kind: FindingKind
  scope: Finding['scope']
  findings: Finding[]
  /** The worst rank among its findings (a readable production record outranks a readable preview one). */
  rank: number
  violation: boolean
  /** Needs someone: a policy violation, or a finding the rank puts before the informational ones. */
  attention: boolean
}

export function groupsOf(findings: Finding[]): Group[] {
  const by = new Map<string, Group>()
  for (const f of findings) {
    const id = `${f.key}\u0000${f.kind}\u0000${f.scope}`
    const g = by.get(id) ?? { key: f.key, kind: f.kind, scope: f.scope, findings: [], rank: Infinity, violation: false, attention: false }
    g.findings.push(f)
    g.rank = Math.min(g.rank, rankOf(f))
    g.violation ||= f.violation
    g.attention = g.violation || g.rank <= rankOf({ kind: 'readable', targets: [] })
    by.set(id, g)
  }
  const groups = [...by.values()]
  // A key's rows stay together, the key with the worst finding first.
  const worst = new Map<string, number>()
  for (const g of groups) worst.set(g.key, Math.min(worst.get(g.key) ?? Infinity, g.rank))
  return groups.sort((a, b) => worst.get(a.key)! - worst.get(b.key)! || cmp(a.key, b.key) || a.rank - b.rank || cmp(a.scope, b.scope))
}

/** The projects of a group, sorted, once each. */
export const projectsOf = (g: Group): string[] => [...new Set(g.findings.flatMap((f) => f.projects))].sort(cmp)

/** A few names, each clipped, and the count of the rest: a key linked to 40 projects takes a line, not 40. */
export function fewNames(names: string[], max = 3): string {
  const shown = names.slice(0, max).map((n) => clip(n, CELL_MAX))
  const rest = names.length - shown.length
  return cell(shown.join(', ')) + (rest > 0 ? ` +${rest} more` : '')
}

export function findingCell(g: Group): string {
  return `${KIND_LABEL[g.kind]}${g.violation ? '<br>❌ policy' : ''}`
}

/** What the summary reads besides the findings: the records and projects behind them, the team for links. */
export interface CellContext {
  records: Map<string, AuditRecord>
  ix: Index
  team?: string
  maxAgeDays?: number
}

export const cellContext = (result: AuditResult, maxAgeDays?: number): CellContext => ({
  records: new Map(result.inventory.records.map((r) => [r.id, r])),
  ix: indexOf(result.inventory),
  ...(result.inventory.team !== undefined ? { team: result.inventory.team } : {}),
  ...(maxAgeDays !== undefined ? { maxAgeDays } : {}),
})

/** `**shared** · 12 projects: web, api, docs +9 more`: the scope and the projects, on one line. */
function whereLine(g: Group): string {
  const names = projectsOf(g)
  const head = `**${g.scope}**`
  if (names.length === 0) return `${head} · no project`
  if (names.length === 1) return `${head} · ${cell(clip(names[0]!, CELL_MAX))}`
  return `${head} · ${names.length} projects: ${fewNames(names)}`
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)]

/** `95–212 days since rotated`, `212 days since last edited`: the ages of a group's records. */
function agesOf(fs: Finding[]): string {
  const days = fs.map((f) => f.ageDays).filter((d): d is number => d !== undefined)
  if (!days.length) return 'age unknown'
  const lo = Math.min(...days)
  const hi = Math.max(...days)
  const froms = unique(fs.map((f) => (f.ageFrom === 'rotation' ? 'rotated' : 'last edited')))
  return `${lo === hi ? hi : `${lo}–${hi}`} days since ${froms.join(' or ')}`
}

/** `production of web (4q4Wqke), 28 h before the last edit`: the environments behind, a few of them, the deployments linked. */
function behindLines(recs: AuditRecord[], c: CellContext): string[] {
  const behind = recs.flatMap((r) => (r.updatedAt === undefined ? [] : behindOf(r, c.ix, r.updatedAt).map((b) => ({ b, editedAt: r.updatedAt! }))))
  const lines = behind.slice(0, 3).map(({ b, editedAt }) => {
    const link = deploymentLink(c.team, b.project.name, { id: b.serving.deploymentId, url: b.serving.url ?? '' })
    const id = cell(shortId(b.serving.deploymentId))
    const dep = link ? `[${id}](${link.href} "${b.serving.deploymentId.replace(/"/g, '')}")` : id
    return `${cell(b.environment)} of ${cell(clip(b.project.name, CELL_MAX))} (${dep}), ${span(editedAt - b.serving.createdAt)} before the last edit`
  })
  if (behind.length > 3) lines.push(`+${behind.length - 3} more environments`)
  return lines
}

/** Where a group is and what it found: the scope and projects, then one short clause per line. */
export function whatCell(g: Group, c: CellContext): string {
  const fs = g.findings
  const recs = fs.map((f) => c.records.get(f.record)).filter((r): r is AuditRecord => r !== undefined)
  const n = fs.length
  const many = n > 1 ? `${n} records: ` : ''
  const lines: string[] = []
  switch (g.kind) {
    case 'readable': {
      const open = recs.filter((r) => r.type !== 'sensitive' && r.type !== 'system')
      if (open.length) lines.push(cell(`${many}${unique(open.map((r) => r.type)).join(', ')}, not sensitive`))
      if (recs.some((r) => r.securityIssues.includes('readable-secret'))) lines.push('Vercel flags it readable-secret')
      lines.push(cell(`in ${unique(fs.flatMap((f) => f.targets)).join(', ')}`))
      break
    }
    case 'old':
      lines.push(cell(n === 1 ? fs[0]!.detail : `${many}${agesOf(fs)}`))
      break
    case 'not-deployed':
      lines.push(...behindLines(recs, c))
      break
    case 'shadowed':
      lines.push(cell(n === 1 ? fs[0]!.detail : `${n} project records override the shared variable`))
      break
    case 'integration': {
      const readable = recs.some((r) => isReadable(r))
      const old = c.maxAgeDays !== undefined && fs.some((f) => (f.ageDays ?? 0) > c.maxAgeDays!)
      const by = unique(recs.flatMap((r) => (r.managedBy ? [integrationOf(r.managedBy)] : [])))
      lines.push(cell(`${many}managed by ${by.join(', ') || 'an integration'}`))
      const why = [readable ? 'readable' : '', old ? agesOf(fs) : ''].filter(Boolean).join('; ')
      if (why) lines.push(cell(why))
    }
  }
  return [whereLine(g), ...lines].join('<br>')
}
