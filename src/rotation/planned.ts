/** plan mode's result for each project: what a rotate would do. Pure. */
import { deploymentRef } from './results.js'
import type { ProjectPlan, RunResult } from './types.js'

/** plan: what would happen to one project, as its result. */
export function planned(p: ProjectPlan, writing: boolean, canary: boolean): RunResult['projects'][number] {
  const envs = p.environments.filter((e) => e.action === 'redeploy')
  const steps = [
    writing ? `write ${p.records.length} record(s)` : undefined,
    p.action === 'redeploy'
      ? `redeploy production ${p.serving!.id}${p.rolledBack ? ' (production is rolled back: the rebuild would be promoted)' : ''}`
      : undefined,
    ...envs.map((e) => `redeploy environment ${e.slug} (${e.serving!.id})`),
    p.previews.length ? `rebuild ${p.previews.length} preview(s)` : undefined,
  ].filter(Boolean)
  const d = p.serving
  const result: RunResult['projects'][number] = {
    id: p.id,
    name: p.name,
    records: p.records,
    deployment: deploymentRef(d),
    status: steps.length > (writing ? 1 : 0) ? 'planned' : p.action === 'already-current' ? 'already-current' : 'skipped',
    note:
      steps.length > 0
        ? `${canary ? 'Canary: would' : 'Would'} ${steps.join(', then ')}${canary ? ', and prove it before any other project is rebuilt' : ''}.`
        : p.note,
    revokeReady: false,
    environments: p.environments.map((e) => ({
      slug: e.slug,
      deployment: deploymentRef(e.serving),
      status: e.action === 'redeploy' ? 'planned' : e.action === 'already-current' ? 'already-current' : 'skipped',
      ...(e.note ? { note: e.note } : {}),
    })),
  }
  if (p.environments.length === 0) delete result.environments
  return result
}
