/**
 * Resuming a re-run. A sensitive value cannot be read back, so "is the value in Vercel already this run's?"
 * is answered from this run's own redeploys: their meta names the workflow run and the write they followed.
 */
import type { VercelPort } from '../vercel/port.js'
import type { RunContext } from './types.js'

/** Meta keys stamped on every redeploy, so the Vercel dashboard shows why a deployment was made. */
export function redeployMeta(run: RunContext, name: string, rotatedAt: string | undefined, sourceId: string): Record<string, string> {
  const meta: Record<string, string> = {
    action: 'redeploy',
    rotationVariable: name,
    rotationRun: run.invocation,
    rotationSource: sourceId,
  }
  if (rotatedAt) meta.rotatedAt = rotatedAt
  if (run.repository) meta.githubRepository = run.repository
  if (run.runId) meta.githubRunId = run.runId
  meta.githubRunAttempt = String(run.runAttempt)
  if (run.runUrl) meta.githubRunUrl = run.runUrl
  if (run.actor) meta.githubActor = run.actor
  if (run.workflow) meta.githubWorkflow = run.workflow
  return meta
}

/**
 * True when an earlier attempt of this workflow run wrote the value now in Vercel: one of its redeploys carries
 * this run's ID and the very `updatedAt` the value has now. A later write by anyone else changes `updatedAt`.
 */
export async function wasWrittenByThisRun(
  port: VercelPort,
  projectIds: string[],
  valueUpdatedAt: number,
  run: RunContext,
): Promise<boolean> {
  if (projectIds.length === 0 || !run.runId) return false
  const stamp = new Date(valueUpdatedAt).toISOString()
  const found = await port.listDeployments({ projectIds, since: valueUpdatedAt })
  return found.some((d) => d.meta.githubRunId === run.runId && d.meta.rotatedAt === stamp)
}
