/**
 * Which environments the rotated records cover, and what serves each: production, each custom environment,
 * previews. Deploy, verify and report all read this one notion, so a custom environment is not a special case.
 */
import type { CustomEnvironment, Deployment, EnvRecord, SharedVariable, VercelPort } from '../vercel/port.js'
import { mapLimit } from './parallel.js'
import { hostsNow, type HostAnswer } from './serving-now.js'
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
 * What serves one custom environment, from every host Vercel names for it (its domains and its current
 * deployment's aliases), each asked on its own. All of them must name one deployment of this project; a host that
 * names none, hosts that disagree, or no host at all leave the environment unknown, which holds the verdict back:
 * "cannot tell" never means "nothing holds the old value".
 */
export function servingOf(
  p: Pick<ProjectPlan, 'id'>,
  env: Pick<CustomEnvironment, 'slug'>,
  answers: HostAnswer[],
): { serving?: Deployment; unknown?: string } {
  const where = `environment ${env.slug}`
  if (answers.length === 0) return { unknown: `Vercel names no domain or alias for ${where}, so what serves it cannot be told.` }
  const mine = (d: Deployment | undefined) => !!d && (d.projectId === p.id || d.projectId === '')
  const unresolved = answers.filter((a) => !mine(a.deployment)).map((a) => a.host)
  if (unresolved.length > 0) {
    return {
      unknown: `${unresolved.join(', ')} of ${where} resolves to no deployment of this project in Vercel, so what serves it there cannot be told. Check the environment's domains in Vercel.`,
    }
  }
  const ids = [...new Set(answers.map((a) => a.deployment!.id))]
  if (ids.length > 1) {
    const pairs = answers.map((a) => `${a.host} -> ${a.deployment!.id}`).join(', ')
    return { unknown: `The hosts of ${where} serve different deployments (${pairs}). Point them at one deployment in Vercel.` }
  }
  return { serving: answers[0]!.deployment! }
}

/** Finds the deployment serving each covered custom environment, as its hosts resolve for visitors. */
export async function resolveEnvironments(
  plans: ProjectPlan[],
  customOf: (p: ProjectPlan) => CustomEnvironment[],
  port: Pick<VercelPort, 'deploymentAt'>,
): Promise<void> {
  const wanted = plans.flatMap((p) => p.covers.customIds.map((id) => ({ p, env: customOf(p).find((e) => e.id === id)! })).filter((x) => x.env))
  const resolved = await mapLimit(wanted, READS_IN_FLIGHT, async ({ p, env }) => {
    const domains = env.domains ?? []
    const { serving: found, unknown } = servingOf(p, env, await hostsNow(domains, port))
    // Known from the hosts: a rebuild of it must go to this environment again.
    const serving = found ? { ...found, projectId: p.id, target: env.slug, customEnvironmentId: env.id } : undefined
    const plan: EnvironmentPlan = { id: env.id, slug: env.slug, domains, serving, action: 'redeploy', ...(unknown ? { unknown } : {}) }
    return { p, plan }
  })
  for (const p of plans) p.environments = []
  for (const { p, plan } of resolved) p.environments.push(plan)
}
