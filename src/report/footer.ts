/** The summaries' last line: which run wrote it, when, how long it took, and that no value is shown. */
import type { RunContext } from '../rotation/types.js'
import { duration, utc } from './format.js'

export function footer(run: RunContext | undefined, startedAt: number | undefined, elapsedMs: number | undefined, extra: string[] = []): string {
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
  parts.push(...extra, 'No values are shown.')
  return `<sub>${parts.join(' · ')}</sub>`
}
