/**
 * `not-deployed`: an environment whose serving deployment was created before the record's last edit still serves
 * what the record held before it, a rotation left half done. Never a policy violation: the fix is a redeploy. Pure.
 */
import { readStamp } from '../rotation/stamp.js'
import { ageOf } from './age.js'
import { customCovered, findingBase, overridesIn, reached, type Index } from './reach.js'
import type { AuditProject, AuditRecord, Serving } from './types.js'
import type { Judged } from './policy.js'
import { someOf, span } from './words.js'

export interface Behind {
  project: AuditProject
  environment: string
  serving: Serving
}

/** The environments a record reaches whose serving deployment predates its last edit. */
export function behindOf(r: AuditRecord, ix: Index, editedAt: number): Behind[] {
  const out: Behind[] = []
  for (const project of reached(r, ix)) {
    // Where the project's own record overrides a shared variable, the shared edit never reaches that environment.
    const overridden = new Set(r.scope === 'shared' ? overridesIn(r, project.id, ix).flatMap((o) => o.where) : [])
    const p = project.production
    if (r.targets.includes('production') && !overridden.has('production') && p && p.createdAt < editedAt) {
      out.push({ project, environment: 'production', serving: p })
    }
    for (const e of customCovered(r, project)) {
      if (!overridden.has(e.id) && e.serving && e.serving.createdAt < editedAt) out.push({ project, environment: e.slug, serving: e.serving })
    }
  }
  return out
}

const phrase = (b: Behind, editedAt: number) =>
  `${b.environment} of ${b.project.name} serves ${b.serving.deploymentId}${b.serving.url ? ` (${b.serving.url})` : ''}, created ${span(editedAt - b.serving.createdAt)} before the last edit`

export function notDeployed(r: AuditRecord, ix: Index, now: number): Judged | undefined {
  const editedAt = r.updatedAt
  if (editedAt === undefined) return undefined
  const behind = behindOf(r, ix, editedAt)
  if (!behind.length) return undefined
  const projects = [...new Set(behind.map((b) => b.project.name))]
  const detail =
    behind.length === 1
      ? phrase(behind[0]!, editedAt)
      : `${behind.length} environments serve a deployment created before the last edit: ${behind
          .slice(0, 2)
          .map((b) => `${b.environment} of ${b.project.name} (${b.serving.deploymentId}, ${span(editedAt - b.serving.createdAt)} before)`)
          .join(', ')}${behind.length > 2 ? ` and ${behind.length - 2} more` : ''}`
  const action =
    r.scope === 'shared'
      ? `Run mode: redeploy with scope: team and name: ${r.key}: it rebuilds ${someOf(projects)}, and leaves the linked projects already current as they are.`
      : `Run mode: redeploy with name: ${r.key} and projects: ${projects.join(', ')}.`
  const age = ageOf(r, now)
  // A stamp older than every build behind says the value itself was set before them: the later edit may be metadata
  // only, or a failed rotation's value written back. Still reported (a value edited by hand leaves the stamp as it
  // was), but said, so that nobody redeploys in alarm.
  const stamp = readStamp(r.comment)
  const maybeMetadata = stamp !== undefined && behind.every((b) => stamp.at.getTime() <= b.serving.createdAt)
  const note = maybeMetadata
    ? `; the value was last rotated (${stamp.at.toISOString().slice(0, 16).replace('T', ' ')} UTC) before that build, so the later edit may have changed only metadata or put the value back`
    : ''
  return {
    finding: {
      ...findingBase(r, ix, age, projects),
      kind: 'not-deployed',
      action,
      detail: detail + note,
      violation: false,
    },
    rules: [],
  }
}
