/** The job summary as Markdown, from one RunResult. Pure: it never sees the token or the value. */
import type { ProjectResult, RunContext, RunResult, Settings } from '../rotation/types.js'

const ICON: Record<ProjectResult['status'], string> = {
  redeployed: '✅',
  'already-current': '✅',
  verified: '✅',
  planned: '📝',
  skipped: '⏭️',
  failed: '❌',
  unhealthy: '🩺',
  stale: '⚠️',
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

function deploymentCell(p: ProjectResult): string {
  const d = p.deployment
  if (!d) return '—'
  return d.url ? `[${cell(d.id)}](https://${cell(d.url.replace(/^https?:\/\//, ''))})` : cell(d.id)
}

function status(p: ProjectResult): string {
  if (p.status === 'redeployed' && !p.revokeReady) return `${ICON.planned} redeployed (not verified)`
  return `${ICON[p.status]} ${p.status}`
}

/** What to do next, in words. */
export function nextStep(result: RunResult | undefined, s: Pick<Settings, 'mode' | 'wait' | 'redeploy'> | undefined): string {
  if (!result || !s) return 'Nothing was written. Fix the problem above and run again.'
  if (result.safeToRevoke) {
    return s.mode === 'verify'
      ? 'Every affected project still serves a deployment built after the rotation. Revoke the old credential now.'
      : 'Every affected project now serves a deployment built after the new value was written. The old credential can be revoked.'
  }
  if (s.mode === 'plan') return 'This was a plan: nothing was written. Run with mode: rotate to apply it.'
  if (result.cancelled) {
    return 'The run was cancelled. Do not revoke the old credential. Re-run the job: it resumes, redeploying only the projects that are not yet current.'
  }
  if (result.error && !result.written && result.projects.every((p) => p.status !== 'redeployed')) {
    return 'Nothing was redeployed, and the old credential is still needed. Fix the problem above and run again.'
  }
  if (!s.redeploy.production && !s.redeploy.preview) {
    return 'The value was written but nothing was redeployed (redeploy: none): deployments still use the old value. Do not revoke; redeploy, then run mode: verify.'
  }
  if (!s.wait) return 'Redeploys were created but not waited for (wait: false). Do not revoke yet: run mode: verify once they are serving.'
  if (s.mode === 'verify') {
    return 'Do not revoke the old credential: the projects marked stale still serve a deployment with the old value. Redeploy them (mode: redeploy), then verify again.'
  }
  return 'Do not revoke the old credential yet. Fix what the notes say for the failed projects, then re-run the job: it resumes, redeploying only the projects that are not yet current.'
}

export interface SummaryInput {
  name?: string
  settings?: Settings
  result?: RunResult
  run?: RunContext
  error?: string
}

export function renderSummary({ name, settings: s, result, run, error }: SummaryInput): string {
  const lines: string[] = []
  lines.push(`## Rotate Vercel Secret: \`${name ?? '(no name)'}\``)
  const facts = [
    s ? `**Scope** ${s.scope}` : undefined,
    s?.team ? `**Team** ${cell(s.team)}` : undefined,
    s ? `**Mode** ${s.mode}` : undefined,
    result?.rotatedAt ? `**Rotated at** ${result.rotatedAt}` : undefined,
  ].filter(Boolean)
  if (facts.length) lines.push('', facts.join(' · '))
  const projects = result?.projects ?? []
  if (projects.length > 0) {
    lines.push('', '| Project | Records and targets | Deployment | State | Result |', '|---|---|---|---|---|')
    for (const p of projects) {
      const records = p.records.map((r) => `${cell(r.key)} \`${cell(r.id)}\` ${cell(r.targets.join(', '))}`).join('<br>')
      lines.push(`| ${cell(p.name)} | ${records || '—'} | ${deploymentCell(p)} | ${p.deployment?.state ?? '—'} | ${status(p)} |`)
    }
  }
  lines.push('', `### safe-to-revoke: \`${result?.safeToRevoke ? 'true' : 'false'}\``, '', nextStep(result, s))
  const notes = projects.filter((p) => p.note).map((p) => `- **${cell(p.name)}**: ${p.note}`)
  const withPreviews = projects.filter((p) => p.previews)
  if (withPreviews.length > 0) {
    const sum = (k: 'rebuilt' | 'ready' | 'failed' | 'notRebuilt') => withPreviews.reduce((n, p) => n + p.previews![k], 0)
    lines.push(
      '',
      `**Previews**: ${sum('rebuilt')} rebuilt, ${sum('ready')} READY, ${sum('failed')} failed. ` +
        `${sum('notRebuilt')} older preview deployment(s) from the last 30 days (and any older ones) still carry the old value until they are rebuilt.`,
    )
  }
  if (error) notes.unshift(`- ${error.replace(/\n/g, '\n  ')}`)
  for (const w of result?.warnings ?? []) notes.push(`- ${w}`)
  if (notes.length) lines.push('', '### Notes', '', ...notes)
  if (run?.repository) {
    const where = run.runUrl ? `[${run.repository} run ${run.runId}](${run.runUrl})` : run.repository
    lines.push(
      '',
      `<sub>${where}${run.runAttempt > 1 ? `, attempt ${run.runAttempt}` : ''}${run.actor ? `, started by @${run.actor}` : ''}. No values are shown.</sub>`,
    )
  }
  return lines.join('\n') + '\n'
}
