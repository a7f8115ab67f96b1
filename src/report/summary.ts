/**
 * The job summary as Markdown, from one RunResult. Pure: it never sees the token or the value, and returns a string
 * that main.ts hands to the runner. Read top to bottom it answers, in order: may I revoke, what next, how did it go,
 * which projects need me, and the rest folded away.
 */
import { markdownTable } from 'markdown-table'
import type { RunContext, RunResult, Settings } from '../rotation/types.js'
import { adviceFor } from './advice.js'
import { cell, count, duration, inline, utc } from './format.js'
import { deploymentLink } from './links.js'
import { countsLine, fixFor, LABEL, rowsOf, tableRow, type Row, type View } from './rows.js'

export interface SummaryInput {
  name?: string
  settings?: Settings
  result?: RunResult
  run?: RunContext
  error?: string
  /** Epoch ms at which the step started. */
  startedAt?: number
  /** How long the step took until the summary was written. */
  elapsedMs?: number
}

/** More projects than this and the ones not needing attention fold away. */
export const FOLD_OVER = 10

type StepSettings = Pick<Settings, 'mode' | 'wait' | 'redeploy'>

/** What to do next, in words; its first sentence, in bold, is the answer. `endedAt` tells "now" from "later". */
export function nextStep(result: RunResult | undefined, s: StepSettings | undefined, endedAt?: number): string {
  if (!result || !s) return '**Do not revoke.** Nothing was written: fix what is listed below, then run again.'
  if (result.safeToRevoke) {
    const what =
      s.mode === 'verify'
        ? 'every affected project still serves a deployment built after the rotation'
        : 'every affected project now serves a deployment built after the new value was written'
    const after = result.revokeAfter ? Date.parse(result.revokeAfter) : undefined
    if (after !== undefined && endedAt !== undefined && after > endedAt) {
      return (
        `**Revoke the old credential after ${utc(result.revokeAfter!)}**, not before: ${what}, but Skew Protection keeps older ` +
        'deployments (with the old value) reachable to clients pinned to them until then. From that time on the old credential can be revoked.'
      )
    }
    return endedAt !== undefined || !result.revokeAfter
      ? `**Revoke the old credential now.** It can be revoked because ${what}.`
      : `**The old credential can be revoked** from ${utc(result.revokeAfter)} on: ${what}.`
  }
  if (s.mode === 'plan') return '**This was a plan: nothing was written.** Run with mode: rotate to apply it.'
  if (result.cancelled) {
    return '**The run was cancelled. Do not revoke the old credential.** Re-run the job: it resumes, redeploying only the projects that are not yet current.'
  }
  if (result.error && !result.written && result.projects.every((p) => p.status !== 'redeployed')) {
    return '**Nothing was redeployed, and the old credential is still needed.** Fix what is listed below, then run again.'
  }
  if (!s.redeploy.production && !s.redeploy.preview && !s.redeploy.custom) {
    return '**Do not revoke.** The value was written but nothing was redeployed (redeploy: none): deployments still use the old value. Redeploy, then run mode: verify.'
  }
  if (!s.wait) {
    return '**Do not revoke yet.** Redeploys were created but not waited for (wait: false): run mode: verify once they are serving.'
  }
  const { keepOld, sentences } = adviceFor(result.projects, s.mode)
  const head = keepOld ? '**Do not revoke: keep the old credential valid.**' : '**Do not revoke the old credential yet.**'
  return [head, ...(sentences.length ? sentences : ['Fix what is listed below, then re-run the job.'])].join(' ')
}

/** An error as Markdown: its first line as a sentence, its `- ` lines as a list. */
function errorBlock(error: string): string[] {
  const [first = '', ...rest] = error.split('\n')
  const items = rest.filter((l) => l.trim()).map((l) => `- ${inline(l.replace(/^\s*-\s*/, ''))}`)
  return ['', `**${inline(first)}**`, ...(items.length ? ['', ...items] : [])]
}

function factsLine(s: Settings | undefined, result: RunResult | undefined): string {
  return [
    s ? `**Scope** ${s.scope}` : undefined,
    s?.team ? `**Team** ${inline(s.team)}` : undefined,
    s ? `**Mode** ${s.mode}` : undefined,
    result?.rotatedAt ? `**Rotated at** ${utc(result.rotatedAt)}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ')
}

/** Callouts that must not hide in a table: a live value that does not work, and a production left rolled back. */
function callouts(rows: Row[]): string[] {
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
function projectSections(rows: Row[], s: Settings | undefined): string[] {
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

/** Team scope: the shared records are the same for every project, so they are named once, above the table. */
function sharedRecords(result: RunResult, s: Settings | undefined): string[] {
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
function projectRecords(result: RunResult, s: Settings | undefined): string[] {
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

function previewsLine(result: RunResult): string[] {
  const withPreviews = result.projects.filter((p) => p.previews)
  if (!withPreviews.length) return []
  const sum = (k: 'rebuilt' | 'ready' | 'failed' | 'notRebuilt') => withPreviews.reduce((n, p) => n + p.previews![k], 0)
  return [
    '',
    `**Previews**: ${sum('rebuilt')} rebuilt, ${sum('ready')} READY, ${sum('failed')} failed. ` +
      `${sum('notRebuilt')} older preview deployment(s) from the last 30 days (and any older ones) still carry the old value until they are rebuilt.`,
  ]
}

function footer(run: RunContext | undefined, startedAt: number | undefined, elapsedMs: number | undefined): string {
  const parts: string[] = []
  if (run?.repository) {
    parts.push(run.runUrl ? `[${run.repository} run ${run.runId}](${run.runUrl})` : run.repository)
    if (run.runAttempt > 1) parts.push(`attempt ${run.runAttempt}`)
    if (run.actor) parts.push(`by @${run.actor}`)
  } else {
    // Without the run context (inputs refused before it was read, or a run outside Actions): what is known.
    parts.push('Rotate Vercel Secret')
  }
  if (startedAt !== undefined) parts.push(utc(new Date(startedAt).toISOString()))
  if (elapsedMs !== undefined) parts.push(duration(elapsedMs))
  parts.push('No values are shown.')
  return `<sub>${parts.join(' · ')}</sub>`
}

export function renderSummary({ name, settings: s, result, run, error, startedAt, elapsedMs }: SummaryInput): string {
  const names = (name ?? '')
    .split(/[,\n]/)
    .map((n) => n.trim())
    .filter(Boolean)
  const lines: string[] = [`## Rotate Vercel Secret: ${names.length ? names.map((n) => `\`${inline(n)}\``).join(', ') : '(no name)'}`]
  const facts = factsLine(s, result)
  if (facts) lines.push('', facts)

  const safe = result?.safeToRevoke === true
  const endedAt = startedAt !== undefined && elapsedMs !== undefined ? startedAt + elapsedMs : undefined
  lines.push('', `### ${safe ? '✅' : '❌'} safe-to-revoke: \`${safe}\``, '', nextStep(result, s, endedAt))
  if (safe && result.revokeAfter) lines.push('', `**revoke-after** \`${result.revokeAfter}\``)
  if (error) lines.push(...errorBlock(error))

  const rows = rowsOf(result?.projects ?? [], s)
  lines.push(...callouts(rows))
  if (rows.length) {
    lines.push('', `${countsLine(rows, s)}${elapsedMs !== undefined ? ` · ⏱️ ${duration(elapsedMs)}` : ''}`)
  }
  if (result) {
    lines.push(...sharedRecords(result, s))
    if (rows.length) lines.push(...projectSections(rows, s))
    lines.push(...previewsLine(result))
    lines.push(...projectRecords(result, s))
  } else if (s) {
    lines.push(...requested(s))
  }

  const notes = (result?.warnings ?? []).map((w) => `- ${inline(w)}`)
  // Vercel names each deployment's page; only where it did not, and the team slug is unknown, do links fall back.
  const unnamed = result?.projects.some((p) => p.deployment && deploymentLink(s?.team, p.name, p.deployment)?.kind === 'deployment')
  if (unnamed) {
    notes.push(
      `- Deployment links open the deployment itself: build-log pages are addressed by the team's slug, and the team was ${s?.team ? 'given as an ID' : 'not given'}. Set team to the slug to link build logs.`,
    )
  }
  if (notes.length) lines.push('', '#### Notes', '', ...notes)
  lines.push('', footer(run, startedAt, elapsedMs))
  return lines.join('\n') + '\n'
}

/** When nothing was resolved (a refusal), what was asked for: enough to see the mistake without opening the workflow. */
function requested(s: Settings): string[] {
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
