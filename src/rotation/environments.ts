/**
 * Which environments the rotated records cover, and what serves each: production, each custom environment,
 * previews. Deploy, verify and report all read this one notion, so a custom environment is not a special case.
 */
import type { CustomEnvironment, Deployment, EnvRecord, SharedVariable, VercelPort } from '../vercel/port.js'
import { mapLimit } from './parallel.js'
import type { Coverage, EnvironmentPlan, ProjectPlan } from './types.js'

type Covering = Pick<EnvRecord, 'target' | 'customEnvironmentIds'> & Partial<Pick<SharedVariable, 'applyToAllCustomEnvironments'>>

/** Pure: the environments a project's rotated records reach, given the project's custom environments. */
export function coverageOf(records: Covering[], custom: CustomEnvironment[]): Coverage {
  const ids = new Set<string>()
  for (const r of records) {
    if (r.applyToAllCustomEnvironments) for (const e of custom) ids.add(e.id)
    for (const id of r.customEnvironmentIds) if (custom.some((e) => e.id === id)) ids.add(id)
  }
  return {
    production: records.some((r) => r.target.includes('production')),
    preview: records.some((r) => r.target.includes('preview')),
    customIds: [...ids],
  }
}

const READS_IN_FLIGHT = 16

/**
 * Finds the deployment serving each covered custom environment: its first domain resolves to it, as it does
 * for visitors. An environment without domains or without a serving deployment has nothing holding the old value.
 */
export async function resolveEnvironments(
  plans: ProjectPlan[],
  customOf: (p: ProjectPlan) => CustomEnvironment[],
  port: Pick<VercelPort, 'deploymentAt'>,
): Promise<void> {
  const wanted = plans.flatMap((p) => p.covers.customIds.map((id) => ({ p, env: customOf(p).find((e) => e.id === id)! })).filter((x) => x.env))
  const resolved = await mapLimit(wanted, READS_IN_FLIGHT, async ({ p, env }) => {
    const domains = env.domains ?? []
    const found: Deployment | undefined = domains[0] ? await port.deploymentAt(domains[0]) : undefined
    // Known from the domain: a rebuild of it must go to this environment again.
    const serving =
      found && (found.projectId === p.id || found.projectId === '')
        ? { ...found, projectId: p.id, target: env.slug, customEnvironmentId: env.id }
        : undefined
    const plan: EnvironmentPlan = { id: env.id, slug: env.slug, domains, serving, action: 'redeploy' }
    return { p, plan }
  })
  for (const p of plans) p.environments = []
  for (const { p, plan } of resolved) p.environments.push(plan)
}
