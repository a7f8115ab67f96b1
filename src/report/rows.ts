/**
 * What the summary says about each project: which kind of outcome it is, whether it needs attention, the order of
 * the rows, the counts, the cells of its table row and the fix for its note. Pure.
 */
import type { ProjectResult, ProjectStatus, Settings } from '../rotation/types.js'
import { cell, clip, shortId } from './format.js'
import { deploymentLink } from './links.js'

/** A project's status, split where the verdict differs: redeployed but not proven, skipped but still on the old value. */
export type Kind = ProjectStatus | 'unverified' | 'left-old'

/** In row order: the ones needing attention first, the worst (a live value that does not work) at the top. */
const ORDER: Kind[] = ['unhealthy', 'failed', 'stale', 'left-old', 'unverified', 'redeployed', 'verified', 'already-current', 'planned', 'skipped']

export const LABEL: Record<Kind, string> = {
  unhealthy: '🩺 unhealthy',
  failed: '❌ failed',
  stale: '⚠️ stale',
  'left-old': '⚠️ skipped',
  unverified: '⏳ redeployed (not verified)',
  redeployed: '✅ redeployed',
  verified: '✅ verified',
  'already-current': '✅ already-current',
  planned: '📝 planned',
  skipped: '⏭️ skipped',
}

/** How a kind is counted in the counts line. */
const COUNTED: Record<Kind, string> = {
  unhealthy: '🩺 {n} unhealthy',
  failed: '❌ {n} failed',
  stale: '⚠️ {n} stale',
  'left-old': '⚠️ {n} skipped (old value)',
  unverified: '⏳ {n} not verified',
  redeployed: '{n} redeployed',
  verified: '{n} verified',
  'already-current': '{n} already current',
  planned: '{n} planned',
  skipped: '{n} skipped',
}

/** The longest text a table cell may hold (per line): what fits a column of a 700 px wide page. */
export const CELL_MAX = 32

export type View = Pick<Settings, 'mode' | 'wait' | 'healthChecks' | 'team'>

export function kindOf(p: ProjectResult, s: View | undefined): Kind {
  if (s?.mode === 'plan') return p.status
  if (p.status === 'redeployed' && !p.revokeReady) return 'unverified'
  if (p.status === 'skipped' && !p.revokeReady) return 'left-old'
  return p.status
}

export function needsAttention(k: Kind, s: View | undefined): boolean {
  if (s?.mode === 'plan') return false
  // wait: false asks for no proof: an unproven redeploy is the expected outcome, not a problem.
  if (k === 'unverified') return s?.wait !== false
  return ['unhealthy', 'failed', 'stale', 'left-old'].includes(k)
}

export interface Row {
  p: ProjectResult
  kind: Kind
  attention: boolean
}

/** Rows needing attention first, worst first; otherwise in the order the run reported them. */
export function rowsOf(projects: ProjectResult[], s: View | undefined): Row[] {
  const rows = projects.map((p) => {
    const kind = kindOf(p, s)
    return { p, kind, attention: needsAttention(kind, s) || p.rolledBackTo !== undefined }
  })
  const rank = (r: Row) => (r.attention ? 0 : 100) + ORDER.indexOf(r.kind)
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map(({ r }) => r)
}

/** The mode's success word: what "37 of 40 …" counts. */
const HEADLINE: Record<Settings['mode'], Kind> = {
  rotate: 'redeployed',
  redeploy: 'redeployed',
  verify: 'verified',
  plan: 'planned',
  // audit and gate have summaries of their own; these only complete the map.
  audit: 'verified',
  gate: 'verified',
}

/** `**37 of 40 redeployed** · ❌ 2 failed · 🩺 1 unhealthy`: every project counted exactly once. */
export function countsLine(rows: Row[], s: View | undefined): string {
  const by = new Map<Kind, number>()
  for (const r of rows) by.set(r.kind, (by.get(r.kind) ?? 0) + 1)
  let head = HEADLINE[s?.mode ?? 'rotate']
  // wait: false or a cancelled wait proves nothing: "0 of 12 redeployed" would hide that 12 were.
  if (!by.get(head) && by.get('unverified')) head = 'unverified'
  const headline = head === 'unverified' ? 'redeployed, not verified' : COUNTED[head].replace('{n} ', '')
  const parts = [`**${by.get(head) ?? 0} of ${rows.length} ${headline}**`]
  for (const k of ORDER.slice().sort((a, b) => Number(needsAttention(a, s)) - Number(needsAttention(b, s)))) {
    if (k !== head && by.get(k)) parts.push(COUNTED[k].replace('{n}', String(by.get(k))))
  }
  return parts.join(' · ')
}

const GOOD: ProjectStatus[] = ['redeployed', 'verified', 'already-current']
const mark = (status: ProjectStatus, ready = true): string =>
  status === 'planned' ? '📝' : status === 'skipped' ? '⏭️' : GOOD.includes(status) ? (ready ? '✅' : '⏳') : LABEL[status].split(' ')[0]!

/**
 * `production ✅ · staging ✅ · previews 3/3 ✅`. Production has no status of its own in a ProjectResult, so its
 * mark is shown only where it can be told: everything is fine, or nothing else could have set the project's status.
 */
export function environmentsCell(r: Row): string {
  const { p } = r
  const parts: string[] = []
  const envBad = (p.environments ?? []).some((e) => !GOOD.includes(e.status) && e.status !== 'skipped' && e.status !== 'planned')
  const previewsBad = (p.previews?.failed ?? 0) > 0
  if (p.records.some((x) => x.targets.includes('production'))) {
    const known = p.revokeReady || (!envBad && !previewsBad) || p.status === 'planned'
    parts.push(known ? `production ${mark(p.status, p.revokeReady || r.kind === 'planned')}` : 'production')
  }
  for (const e of p.environments ?? []) parts.push(`${e.slug} ${mark(e.status, p.revokeReady || r.kind !== 'unverified')}`)
  if (p.previews && p.previews.rebuilt + p.previews.failed > 0) {
    const { ready, rebuilt, failed } = p.previews
    parts.push(`previews ${ready}/${rebuilt} ${failed > 0 ? '❌' : ready === rebuilt ? '✅' : '⏳'}`)
  }
  const oneLine = parts.join(' · ')
  return oneLine.length <= CELL_MAX ? cell(oneLine) : parts.map((x) => cell(clip(x, CELL_MAX))).join('<br>')
}

export function deploymentCell(p: ProjectResult, team: string | undefined): string {
  const d = p.deployment
  if (!d) return '—'
  const link = deploymentLink(team, p.name, d)
  const text = cell(shortId(d.id))
  return link ? `[${text}](${link.href} "${d.id.replace(/"/g, '')}")` : text
}

/** Whether the health checks passed; only shown when health checks were asked for. */
export function healthCell(r: Row): string {
  if (r.kind === 'unhealthy') return '❌'
  if (r.p.revokeReady && GOOD.includes(r.p.status)) return '✅'
  return '—'
}

export function tableRow(r: Row, o: { team?: string; environments: boolean; health: boolean }): string[] {
  const p = r.p
  const result = p.rolledBackTo
    ? `${LABEL[r.kind]}, rolled back`
    : p.exposure?.kind === 'contained'
      ? `${LABEL[r.kind]}, contained`
      : p.notStaged
        ? `${LABEL[r.kind]}, not staged`
        : p.displaced
          ? `${LABEL[r.kind]}, not serving`
          : LABEL[r.kind]
  return [
    cell(clip(p.name, CELL_MAX)),
    result,
    ...(o.environments ? [environmentsCell(r)] : []),
    deploymentCell(p, o.team),
    cell(p.deployment?.state ?? '—'),
    ...(o.health ? [healthCell(r)] : []),
  ]
}

/** The note of a health check that Deployment Protection refused (see judgeProbe): it says nothing of the value. */
export const refusedByProtection = (note: string | undefined): boolean => /\(HTTP 40[13]: /.test(note ?? '')

// A note that already tells what to do next needs no second fix.
const HAS_FIX = /re-?run|rotate again|verify again|raise timeout|promote it|then run|mode: redeploy|fix the cause/i

/** The next step for a project needing attention, when its note does not already say it. */
export function fixFor(r: Row, s: View | undefined): string | undefined {
  if (HAS_FIX.test(r.p.note ?? '')) return undefined
  switch (r.kind) {
    case 'unhealthy':
      if (refusedByProtection(r.p.note))
        return 'Keep the old credential valid. Give the health checks a way through Deployment Protection as the note names, then re-run.'
      return 'Keep the old credential valid. Fix the value (update the secret), then rotate again; raise timeout-minutes if the app needs longer to warm up.'
    case 'failed':
      return ['ERROR', 'CANCELED'].includes(r.p.deployment?.state ?? '')
        ? 'Open its build logs (the deployment link), fix the build, then re-run: projects already current are not redeployed again.'
        : 'Fix the cause, then re-run: projects already current are not redeployed again.'
    case 'stale':
      return 'Redeploy it (mode: redeploy), then verify again.'
    case 'left-old':
      return 'It still serves the old value: re-run (or include it in redeploy), then verify.'
    case 'unverified':
      return s?.wait === false
        ? 'Run mode: verify once it serves.'
        : 'Re-run the job: it adopts the redeploy already created. Raise timeout-minutes if builds take longer.'
    default:
      return undefined
  }
}
