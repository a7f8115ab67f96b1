/**
 * The records rotated, shared or per project, whether a re-run wrote them again, the previews left on the old
 * value, and what was asked when nothing was resolved.
 */
import { markdownTable } from 'markdown-table'
import type { RunResult, Settings } from '../rotation/types.js'
import { cell, code, count, inline } from './format.js'
import { FOLD_OVER } from './projects-section.js'

/** Team scope: the shared records are the same for every project, so they are named once, above the table. */
export function sharedRecords(result: RunResult, s: Settings | undefined): string[] {
  if (s?.scope !== 'team') return []
  const seen = new Map<string, RunResult['projects'][number]['records'][number]>()
  for (const p of result.projects) for (const r of p.records) seen.set(r.id, r)
  if (!seen.size) return []
  const list = [...seen.values()].map((r) => `${inline(r.key)} \`${inline(r.id)}\` (${inline(r.targets.join(', '))}; ${inline(r.type)})`)
  return [
    '',
    `**Shared ${seen.size === 1 ? 'variable record' : 'variable records'}**: ${list.join(', ')}, linked to ${count(result.projects.length, 'project')}.`,
  ]
}

/** Project scope: each project has records of its own; listed in a fold (open for a plan, which is about them). */
export function projectRecords(result: RunResult, s: Settings | undefined): string[] {
  if (s?.scope === 'team' || !result.projects.some((p) => p.records.length)) return []
  const rows = result.projects.flatMap((p) =>
    p.records.map((r) => [cell(p.name), `\`${cell(r.key)}\``, `\`${cell(r.id)}\``, cell(r.targets.join(', ')), cell(r.type)]),
  )
  const open = s?.mode === 'plan' && result.projects.length <= FOLD_OVER ? ' open' : ''
  return [
    '',
    `<details${open}>`,
    `<summary>${count(rows.length, 'record')} of the rotated variables</summary>`,
    '',
    markdownTable([['Project', 'Key', 'Record', 'Targets', 'Type'], ...rows], { alignDelimiters: false }),
    '',
    '</details>',
  ]
}

/** Unstamped records named in the summary; the projects output marks every one (`stamped: false`). */
const NAMED_UNSTAMPED = 10

/** Each record once (a shared record is the same in every project), with where it is. */
function commented(result: RunResult, s: Settings | undefined) {
  const seen = new Map<string, { where: string; r: RunResult['projects'][number]['records'][number] }>()
  for (const p of result.projects) {
    for (const r of p.records) {
      if (r.comment === undefined) continue
      const where = s?.scope === 'team' ? '' : p.name
      seen.set(`${r.id}\n${where}`, { where, r })
    }
  }
  return [...seen.values()]
}

/**
 * The rotation stamp. plan: the comment a rotate would write in each record. rotate: the records whose comment had
 * no room for the stamp, and why (the rest are stamped as a matter of course).
 */
export function commentsSection(result: RunResult, s: Settings | undefined): string[] {
  const records = commented(result, s)
  if (!records.length) return []
  const name = ({ where, r }: (typeof records)[number]) => `${where ? `${inline(where)} · ` : ''}\`${inline(r.key)}\` \`${inline(r.id)}\``
  if (s?.mode === 'plan') {
    const open = records.length <= FOLD_OVER ? ' open' : ''
    const items = records.map((x) =>
      x.r.unstamped ? `- ${name(x)}: its own text only, without the stamp (${inline(x.r.unstamped)})` : `- ${name(x)}: ${code(x.r.comment!)}`,
    )
    return [
      '',
      `<details${open}>`,
      `<summary>The comment a rotate would write in ${count(records.length, 'record')} (the stamp takes the time of the write)</summary>`,
      '',
      ...items,
      '',
      '</details>',
    ]
  }
  const unstamped = records.filter((x) => x.r.unstamped)
  if (!unstamped.length) return []
  const named = unstamped.slice(0, NAMED_UNSTAMPED).map((x) => `${name(x)} (${inline(x.r.unstamped!)})`)
  const more = unstamped.length - named.length
  return [
    '',
    `**Not stamped**: the value was written, but ${unstamped.length === 1 ? 'this record’s comment has' : `these ${unstamped.length} records’ comments have`} no room left for the rotation stamp, so \`audit\` dates ${unstamped.length === 1 ? 'it by its' : 'them by their'} last edit. Shorten the comment in Vercel and the next rotation stamps it.`,
    '',
    ...named.map((n) => `- ${n}`),
    ...(more > 0 ? [`- and ${more} more, each marked \`stamped: false\` in the \`projects\` output`] : []),
  ]
}

/** A re-run that found an earlier attempt's write: whether Vercel already held the value given, or it was written again. */
export function earlierWriteLine(result: RunResult): string[] {
  if (!result.earlierWrite) return []
  return ['', `**Re-run**: ${inline(result.earlierWrite.line)}`]
}

export function previewsLine(result: RunResult): string[] {
  const withPreviews = result.projects.filter((p) => p.previews)
  if (!withPreviews.length) return []
  const sum = (k: 'rebuilt' | 'ready' | 'failed' | 'notRebuilt' | 'older') => withPreviews.reduce((n, p) => n + p.previews![k], 0)
  const building = withPreviews.flatMap((p) => (p.previews!.building ?? []).map((b) => `${p.name}: ${b}`))
  return [
    '',
    `**Previews**: ${sum('rebuilt')} rebuilt, ${sum('ready')} READY, ${sum('failed')} failed. ` +
      `${sum('notRebuilt')} preview deployment(s) from the last 30 days and ${sum('older')} built before then were not rebuilt and still carry the old value until they are rebuilt.` +
      (building.length ? ` Still building when the rotation began, holding the verdict back: ${building.join(', ')}.` : ''),
  ]
}

/** When nothing was resolved (a refusal), what was asked for: enough to see the mistake without opening the workflow. */
export function requested(s: Settings): string[] {
  const targets = s.targets === 'all' ? 'all' : s.targets.join(', ')
  const redeploy = (['production', 'custom', 'preview'] as const).filter((k) => s.redeploy[k]).join(', ') || 'none'
  const rows = [
    ['Setting', 'Given'],
    ['scope', s.scope],
    ['team', s.team ?? '(the token’s own scope)'],
    ...(s.scope === 'project' ? [['projects', s.projects.join(', ') || '—']] : []),
    ['name', s.name],
    ['targets', targets],
    ['redeploy', redeploy],
    ['mode', s.mode],
  ].map((r) => r.map((c) => cell(c)))
  return ['', '#### What was asked', '', markdownTable(rows, { alignDelimiters: false })]
}
