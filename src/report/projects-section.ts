/**
 * The projects part of the summary: the callouts that must not hide in a table (a wrong value contained or live,
 * a production rolled back), then one row per project, those needing attention first, the rest folded away when
 * there are many, each with its note and fix.
 */
import { markdownTable } from 'markdown-table'
import type { Settings } from '../rotation/types.js'
import { count, inline } from './format.js'
import { fixFor, LABEL, tableRow, type Row, type View } from './rows.js'

/** More projects than this and the ones not needing attention fold away. */
export const FOLD_OVER = 10

/** Callouts that must not hide in a table: a live value that does not work, and a production left rolled back. */
export function callouts(rows: Row[]): string[] {
  const out: string[] = []
  const names = (rs: Row[]) => rs.map((r) => `**${inline(r.p.name)}**`).join(', ')
  const contained = rows.filter((r) => r.kind === 'unhealthy' && r.p.exposure?.kind === 'contained')
  const live = rows.filter((r) => r.kind === 'unhealthy' && r.p.exposure?.kind !== 'contained')
  if (contained.length) {
    out.push(
      `🛡️ **Contained:** ${names(contained)} ${contained.length === 1 ? 'fails its' : 'fail their'} health check at ${contained.length === 1 ? 'its' : 'their'} own URL, so the rebuild was never promoted: ` +
        'production still serves the deployment built with the old value, and **no visitor met the new value**. **Keep the old credential valid.**',
    )
  }
  if (live.length) {
    out.push(
      `🩺 ${names(live)} ${live.length === 1 ? 'fails its' : 'fail their'} health check: the new value ${live.some((r) => r.p.exposure?.kind === 'reached') ? 'reached production' : 'is live there'} but is not working. ` +
        '**Keep the old credential valid** until every health check passes.',
    )
  }
  const unstaged = rows.filter((r) => r.p.notStaged)
  if (unstaged.length) {
    const one = unstaged.length === 1
    out.push(
      `⚠️ **Not staged:** Vercel did not stage the rebuild${one ? '' : 's'} of ${names(unstaged)}, although ${one ? 'it was' : 'they were'} created staged (\`autoAssignCustomDomains: false\`): ` +
        `${one ? 'it' : 'they'} took the production domains as soon as ${one ? 'it was' : 'they were'} READY, before the health checks, so **a wrong value there is not contained**. ` +
        'Creates not yet sent waited for that verdict (a canary of one).',
    )
  }
  for (const r of rows.filter((x) => x.p.rolledBackTo)) {
    out.push(
      `↩️ **${inline(r.p.name)}**: production was rolled back to \`${inline(r.p.rolledBackTo!)}\`, built with the old value. ` +
        '**Vercel now stages new production builds until the rollback is undone**: promote a deployment once the value is fixed.',
    )
  }
  // Paragraphs, not a blockquote: GitHub greys quoted text, and these are the lines that must be read.
  return out.flatMap((l) => ['', l])
}

function table(rows: Row[], o: Parameters<typeof tableRow>[1]): string {
  const header = ['Project', 'Result', ...(o.environments ? ['Environments'] : []), 'Deployment', 'State', ...(o.health ? ['Health'] : [])]
  return markdownTable([header, ...rows.map((r) => tableRow(r, o))], { alignDelimiters: false })
}

function noteLines(rows: Row[], s: View | undefined): string[] {
  return rows.flatMap((r) => {
    const fix = r.attention ? fixFor(r, s) : undefined
    if (!r.p.note && !fix) return []
    // Vercel's own messages may end without a stop; the fix must not read as part of them.
    const note = r.p.note ? inline(r.p.note).replace(/([^.!?)])$/, '$1.') : ''
    const text = [note, fix ? `**Fix:** ${fix}` : ''].filter(Boolean).join(' ')
    const [icon, ...word] = LABEL[r.kind].split(' ')
    return [`- ${icon} **${inline(r.p.name)}**, ${word.join(' ')}: ${text}`]
  })
}

/** The projects: those needing attention in the open, the rest in a table folded away when there are many. */
export function projectSections(rows: Row[], s: Settings | undefined): string[] {
  const o = {
    team: s?.team,
    environments: rows.some((r) => (r.p.environments?.length ?? 0) > 0 || r.p.previews !== undefined),
    health: (s?.healthChecks.length ?? 0) > 0,
  }
  const view = s
  if (rows.length <= FOLD_OVER) {
    const notes = noteLines(rows, view)
    return ['', table(rows, o), ...(notes.length ? ['', ...notes] : [])]
  }
  const open = rows.filter((r) => r.attention)
  const rest = rows.filter((r) => !r.attention)
  const out: string[] = []
  if (open.length) out.push('', `#### Needs attention (${open.length})`, '', table(open, o), '', ...noteLines(open, view))
  if (rest.length) {
    const kinds = [...new Set(rest.map((r) => r.kind))].map((k) => `${rest.filter((r) => r.kind === k).length} ${LABEL[k]}`)
    const notes = noteLines(rest, view)
    out.push(
      '',
      '<details>',
      `<summary><b>${open.length ? count(rest.length, 'more project') : count(rest.length, 'project')}</b>: ${kinds.join(', ')}</summary>`,
      '',
      table(rest, o),
      ...(notes.length ? ['', ...notes] : []),
      '',
      '</details>',
    )
  }
  return out
}
