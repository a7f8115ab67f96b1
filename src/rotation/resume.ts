/**
 * Resuming a re-run. A sensitive value cannot be read back, so "does Vercel hold the value this run was given?"
 * is answered from this run's own redeploys: their meta names the workflow run, the write they followed, and a
 * tag of the values written keyed with the token (vercel/value-tag.ts). A re-run resumes without writing only
 * when all three match; a minting step before the action gives a re-run a new value, which is written again.
 */
import type { Deployment, TaggedValue, VercelPort } from '../vercel/port.js'
import type { Credential } from './credential.js'
import type { EarlierWriteOutcome, Plan, RunContext, Settings } from './types.js'

/** Meta keys stamped on every redeploy, so the Vercel dashboard shows why a deployment was made. */
export function redeployMeta(
  run: RunContext,
  name: string,
  rotatedAt: string | undefined,
  sourceId: string,
  rotationTag?: string,
): Record<string, string> {
  const meta: Record<string, string> = {
    action: 'redeploy',
    // Several keys are one credential; Vercel caps a meta value's length.
    rotationVariable: name.length > 200 ? `${name.slice(0, 197)}...` : name,
    rotationRun: run.invocation,
    rotationSource: sourceId,
  }
  if (rotatedAt) meta.rotatedAt = rotatedAt
  if (rotationTag) meta.rotationTag = rotationTag
  if (run.repository) meta.githubRepository = run.repository
  if (run.runId) meta.githubRunId = run.runId
  meta.githubRunAttempt = String(run.runAttempt)
  if (run.runUrl) meta.githubRunUrl = run.runUrl
  if (run.actor) meta.githubActor = run.actor
  if (run.workflow) meta.githubWorkflow = run.workflow
  return meta
}

/** The records one write puts a value in: the shared variables, or each project's own records (created ones by their new ID). */
export function writtenRecords(plan: Pick<Plan, 'projects' | 'shared'>, scope: Settings['scope']): { id: string; key: string }[] {
  const records = scope === 'team' ? plan.shared : plan.projects.flatMap((p) => p.records)
  return [...new Map(records.map((r) => [r.id, { id: r.id, key: r.key }])).values()]
}

/** The tag of the values given over these records in this workflow run; undefined without a run ID or a value given. */
export function rotationTag(port: VercelPort, run: RunContext, records: { id: string; key: string }[], credential: Credential): string | undefined {
  if (!run.runId || credential.source === 'none' || records.length === 0) return undefined
  const values: TaggedValue[] = records.map((r) => ({ recordId: r.id, key: r.key, value: credential.valueOf(r.key) }))
  return port.valueTag(run.runId, values)
}

/**
 * The redeploys an earlier attempt of this workflow run made after writing the value now in Vercel: they carry
 * this run's ID and the very `updatedAt` the value has now (a later write by anyone else changes it).
 */
export async function earlierRedeploys(port: VercelPort, projectIds: string[], valueUpdatedAt: number, run: RunContext): Promise<Deployment[]> {
  if (projectIds.length === 0 || !run.runId) return []
  const stamp = new Date(valueUpdatedAt).toISOString()
  const found = await port.listDeployments({ projectIds, since: valueUpdatedAt })
  return found.filter((d) => d.meta.githubRunId === run.runId && d.meta.rotatedAt === stamp)
}

/** What a re-run found of an earlier attempt's write, with the redeploys to adopt when it resumes. */
export interface EarlierWrite {
  outcome: EarlierWriteOutcome
  /** The earlier attempt's redeploys that followed the write of these very values; empty unless kept. */
  redeploys: Deployment[]
}

/**
 * On a re-run: did an earlier attempt of this workflow run write the values now in Vercel, and are they the values
 * given now? Undefined when no earlier attempt's redeploy followed the write now in Vercel (nothing to resume).
 */
export async function earlierWrite(
  port: VercelPort,
  projectIds: string[],
  valueUpdatedAt: number,
  run: RunContext,
  records: { id: string; key: string }[],
  credential: Credential,
): Promise<EarlierWrite | undefined> {
  const found = await earlierRedeploys(port, projectIds, valueUpdatedAt, run)
  if (found.length === 0) return undefined
  const rewrite = (line: string): EarlierWrite => ({ outcome: { kept: false, line }, redeploys: [] })
  if (credential.source === 'generated') {
    return rewrite(
      'An earlier attempt of this workflow run wrote values generated then, and generated values are new on every attempt: writing the values generated now and rebuilding every project.',
    )
  }
  const tag = rotationTag(port, run, records, credential)
  const same = found.filter((d) => tag !== undefined && d.meta.rotationTag === tag)
  if (same.length > 0) {
    const line = 'Vercel already holds the value given (an earlier attempt of this workflow run wrote it): resuming without writing again.'
    return { outcome: { kept: true, line, ...(tag ? { tag } : {}) }, redeploys: same }
  }
  const why = found.some((d) => d.meta.rotationTag)
    ? 'An earlier attempt of this workflow run wrote a different value'
    : 'An earlier attempt of this workflow run wrote a value that cannot be compared with the one given (its redeploys carry no value tag)'
  return rewrite(`${why}: writing the value given and rebuilding every project.`)
}
