/**
 * Resuming a re-run. A sensitive value cannot be read back, so "is the value in Vercel already this run's?"
 * is answered from this run's own redeploys: their meta names the workflow run and the write they followed.
 */
import type { Deployment, VercelPort } from '../vercel/port.js'
import type { RunContext } from './types.js'

/** Meta keys stamped on every redeploy, so the Vercel dashboard shows why a deployment was made. */
export function redeployMeta(run: RunContext, name: string, rotatedAt: string | undefined, sourceId: string): Record<string, string> {
  const meta: Record<string, string> = {
    action: 'redeploy',
    // Several keys are one credential; Vercel caps a meta value's length.
    rotationVariable: name.length > 200 ? `${name.slice(0, 197)}...` : name,
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
 * The redeploys an earlier attempt of this workflow run made after writing the value now in Vercel: they carry
 * this run's ID and the very `updatedAt` the value has now (a later write by anyone else changes it). Any found
 * means that attempt wrote the value; those still building are adopted rather than queued again.
 */
export async function earlierRedeploys(port: VercelPort, projectIds: string[], valueUpdatedAt: number, run: RunContext): Promise<Deployment[]> {
  if (projectIds.length === 0 || !run.runId) return []
  const stamp = new Date(valueUpdatedAt).toISOString()
  const found = await port.listDeployments({ projectIds, since: valueUpdatedAt })
  return found.filter((d) => d.meta.githubRunId === run.runId && d.meta.rotatedAt === stamp)
}
