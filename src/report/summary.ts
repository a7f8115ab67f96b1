/**
 * The job summary as Markdown, from one RunResult. Pure: it never sees the token or the value, and returns a string
 * that main.ts hands to the runner. Read top to bottom it answers, in order: may I revoke, what next, how did it go,
 * which projects need me, and the rest folded away.
 */
import type { RunContext, RunResult, Settings } from '../rotation/types.js'
import { duration, inline, utc } from './format.js'
import { footer } from './footer.js'
import { deploymentLink } from './links.js'
import { countsLine, rowsOf } from './rows.js'
import { callouts, projectSections } from './projects-section.js'
import { commentsSection, earlierWriteLine, previewsLine, projectRecords, requested, sharedRecords } from './records-section.js'
import { nextStep } from './verdict.js'

export { FOLD_OVER } from './projects-section.js'
export { nextStep } from './verdict.js'

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

/** An error as Markdown: its first line as a sentence, its `- ` lines as a list. */
function errorBlock(error: string): string[] {
  const [first = '', ...rest] = error.split('\n')
  const items = rest.filter((l) => l.trim()).map((l) => `- ${inline(l.replace(/^\s*-\s*/, ''))}`)
  return ['', `**${inline(first)}**`, ...(items.length ? ['', ...items] : [])]
}

/** The restore's line, its first sentence in bold: loud where the failing value stays in the records. */
function restoreLine(r: NonNullable<RunResult['restore']>): string {
  const [head, ...rest] = r.line.split(/(?<=[:.])\s/)
  return `**${inline(head!)}** ${inline(rest.join(' '))}`.trim()
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
  // Right under the verdict: whether the next git push ships the failing value is the other thing to act on now.
  if (result?.restore) lines.push('', restoreLine(result.restore))
  if (error) lines.push(...errorBlock(error))
  // A re-run says whether it kept the earlier attempt's write or wrote the value given again: never silently.
  if (result) lines.push(...earlierWriteLine(result))

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
    lines.push(...commentsSection(result, s))
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
