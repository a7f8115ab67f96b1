/**
 * The job summary of mode: audit, from one AuditResult. Pure, like the rotation's. Read top to bottom it answers:
 * does the policy hold, how much was looked at, what was found (worst first, by key), what to do, and the rest
 * folded away. The inventory holds no value; user comments are not shown either (only the rotation stamp is read).
 */
import { markdownTable } from 'markdown-table'
import type { AuditResult, AuditSettings, FindingKind } from '../audit/types.js'
import type { RunContext } from '../rotation/types.js'
import { cellContext, findingCell, groupsOf, KIND_LABEL, KINDS, whatCell, type CellContext, type Group } from './audit-groups.js'
import { inventorySections } from './audit-inventory.js'
import { footer } from './footer.js'
import { code, count, duration, inline } from './format.js'
import { FOLD_OVER } from './projects-section.js'

export interface AuditSummaryInput {
  result?: AuditResult
  settings?: AuditSettings
  error?: string
  run?: RunContext
  startedAt?: number
  elapsedMs?: number
}

/** What each kind of finding asks for, once per kind; each finding's own action is in the `findings` output. */
const FIX: Record<FindingKind, string> = {
  readable:
    'the value must be assumed seen: rotate it into a sensitive record (Vercel makes a record sensitive only by removing it and adding it again; each finding’s `action` says how).',
  'not-deployed': 'the environment still serves what the record held before its last edit: run `mode: redeploy` for the key.',
  old: 'rotate it: each key and scope is one leg of the `rotation-matrix` output, ready for `strategy.matrix.include`.',
  shadowed:
    'the project’s own record wins over the shared variable there, and a rotation of the shared variable is refused: remove the project record, or rotate it on its own.',
  integration: 'rotate it at the provider, then run `mode: redeploy` with `store`.',
}

const policyOf = (s: AuditSettings | undefined): string[] =>
  [s?.maxAgeDays !== undefined ? `max-age-days ${s.maxAgeDays}` : '', s?.requireSensitive ? 'require-sensitive' : ''].filter(Boolean)

function heading(s: AuditSettings | undefined): string {
  const keys = s?.keys.length ? s.keys.map((k) => code(k)).join(', ') : 'every key'
  return `## Rotate Vercel Secret audit: ${keys}`
}

function factsLine(s: AuditSettings | undefined, result: AuditResult | undefined): string {
  const team = result?.inventory.team ?? s?.team
  const policy = policyOf(s)
  return [team ? `**Team** ${inline(team)}` : '', '**Mode** audit', s ? `**Policy** ${policy.length ? policy.join(', ') : 'none'}` : '']
    .filter(Boolean)
    .join(' · ')
}

/** The verdict, its mark first, then the next step with its answer in bold. */
function verdict(result: AuditResult | undefined, s: AuditSettings | undefined, error: string | undefined): string[] {
  if (error || !result) {
    const [first = 'The audit did not run.', ...rest] = (error ?? '').split('\n')
    const items = rest.filter((l) => l.trim()).map((l) => `- ${inline(l.replace(/^\s*-\s*/, ''))}`)
    return ['### ❌ The audit did not finish', '', `**${inline(first)}**`, ...(items.length ? ['', ...items] : [])]
  }
  const n = result.violations.length
  const found = result.findings.length
  const legs = result.matrix.length
  if (n > 0) {
    return [
      `### ❌ ${count(n, 'policy violation')}`,
      '',
      `**Fix the ${n === 1 ? 'violation' : 'violations'} marked ❌ below.** ` +
        (legs ? `The \`rotation-matrix\` output holds the ${count(legs, 'rotation')} the findings call for, one per key and scope. ` : '') +
        'Until then this step fails.',
    ]
  }
  const policy = policyOf(s)
  if (!policy.length) {
    return [
      '### ℹ️ No policy set',
      '',
      `**Nothing is enforced:** ${found ? `the ${count(found, 'finding')} below ${found === 1 ? 'is' : 'are'} reported only` : 'nothing was found'}. ` +
        'Set `max-age-days` or `require-sensitive: true` to fail the step on them.',
    ]
  }
  return [
    '### ✅ Policy holds',
    '',
    `**No record breaks ${policy.join(' or ')}.**${found ? ` The ${count(found, 'finding')} below ${found === 1 ? 'is' : 'are'} reported, not enforced.` : ' Nothing else was found.'}`,
  ]
}

/** `**60 projects · 412 records** · 🔓 12 readable · … · 🏷️ 41 stamped (10%) · ⏱️ 14 s`. */
function countsLine(result: AuditResult, elapsedMs: number | undefined): string {
  const c = result.counts
  const by = (k: FindingKind) => result.findings.filter((f) => f.kind === k).length
  const share = c.records ? Math.round((100 * c.stamped) / c.records) : 0
  return [
    `**${count(c.projects, 'project')} · ${count(c.records, 'record')}**`,
    ...KINDS.filter((k) => by(k)).map((k) => KIND_LABEL[k].replace(' ', ` ${by(k)} `)),
    `🏷️ ${c.stamped} stamped (${share}%)`,
    ...(c.ignored ? [`${c.ignored} public (ignored)`] : []),
    ...(elapsedMs !== undefined ? [`⏱️ ${duration(elapsedMs)}`] : []),
  ].join(' · ')
}

function table(groups: Group[], c: CellContext): string {
  const rows = groups.map((g, i) => [
    // A key's rows stay together: the key is named on its first row only.
    i > 0 && groups[i - 1]!.key === g.key ? '' : code(g.key, true),
    findingCell(g),
    whatCell(g, c),
  ])
  return markdownTable([['Key', 'Finding', 'Where and what'], ...rows], { alignDelimiters: false })
}

/**
 * The findings, grouped by key: every key with a finding that needs someone in the open, with all its rows; keys
 * with only informational findings (shadowed, an integration's within the policy) folded away when there are many.
 */
function findingSections(result: AuditResult, s: AuditSettings | undefined): string[] {
  const groups = groupsOf(result.findings)
  if (!groups.length) return []
  const c = cellContext(result, s?.maxAgeDays)
  const urgent = new Set(groups.filter((g) => g.attention).map((g) => g.key))
  const quiet = groups.filter((g) => !urgent.has(g.key))
  const fold = groups.length > FOLD_OVER && quiet.length > 2
  const open = fold ? groups.filter((g) => urgent.has(g.key)) : groups
  const out: string[] = ['', `#### Findings (${result.findings.length})`]
  if (open.length) out.push('', table(open, c))
  if (fold) {
    const keys = new Set(quiet.map((g) => g.key)).size
    const what = KINDS.filter((k) => quiet.some((g) => g.kind === k)).map((k) => `${quiet.filter((g) => g.kind === k).length} ${KIND_LABEL[k]}`)
    out.push('', '<details>', `<summary><b>${count(keys, 'more key')}</b>: ${what.join(', ')}</summary>`, '', table(quiet, c), '', '</details>')
  }
  const kinds = KINDS.filter((k) => result.findings.some((f) => f.kind === k))
  out.push(
    '',
    '#### What to do',
    '',
    ...kinds.map((k) => `- ${KIND_LABEL[k].split(' ')[0]} **${KIND_LABEL[k].split(' ').slice(1).join(' ')}**: ${FIX[k]}`),
  )
  return out
}

export function renderAuditSummary({ result, settings: s, error, run, startedAt, elapsedMs }: AuditSummaryInput): string {
  const lines: string[] = [heading(s)]
  const facts = factsLine(s, result)
  if (facts) lines.push('', facts)
  lines.push('', ...verdict(result, s, error))
  if (result) {
    lines.push('', countsLine(result, elapsedMs))
    const gaps = result.inventory.gaps.length
    if (gaps)
      lines.push(
        '',
        `⚠️ **${count(gaps, 'read')} came back incomplete** (listed below): what ${gaps === 1 ? 'it covers' : 'they cover'} was not judged.`,
      )
    lines.push(...findingSections(result, s))
    lines.push(...inventorySections(result, s))
  }
  const requests = result?.inventory.requests
  lines.push(
    '',
    footer(run, startedAt, elapsedMs, ['mode audit', ...(requests !== undefined ? [count(requests, 'request')] : []), 'no value was read']),
  )
  return lines.join('\n') + '\n'
}
