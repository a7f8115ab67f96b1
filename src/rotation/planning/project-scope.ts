/**
 * Planning a project-level rotation: the named projects (or every project of the team with a record of the key,
 * or every project connected to a store), the records of each that the rotation touches, and the refusals.
 */
import type { CustomEnvironment, EnvRecord, ListedProject, VercelPort } from '../../vercel/port.js'
import { mapLimit } from '../parallel.js'
import { coverage, needsCustomEnvironments, resolveTargets, selectRecords, targetsForNewRecord } from '../records.js'
import type { Logger, ProjectPlan, Settings } from '../types.js'
import { coverageOf } from '../environments.js'
import { readProjects } from '../projects.js'
import { logReads, plainProblem, projectPlan, READS_IN_FLIGHT, refs, splitProblem } from './project-plan.js'

/** A project to plan, the keys it holds, and its records when a listing already returned them. */
interface Candidate {
  ref: string
  keys: string[]
  envs?: EnvRecord[]
}

interface Candidates {
  list: Candidate[]
  /** The team's listing, when it was read to find the candidates. */
  listed?: ListedProject[]
}

/**
 * Which projects a project-level rotation touches: the named ones, every project of the team holding a key
 * (`projects: *`, from the paged listing), or every project connected to a store (with the keys it provides).
 */
async function candidates(s: Settings, port: VercelPort, problems: string[]): Promise<Candidates> {
  if (s.store) {
    const store = await port.getStore(s.store)
    const found = store.connections
      .map((c) => ({ ref: c.projectId, keys: s.keys.length > 0 ? s.keys.filter((k) => c.keys.includes(k)) : c.keys }))
      .filter((c) => c.keys.length > 0)
    if (found.length === 0) {
      problems.push(
        store.connections.length === 0
          ? `Store ${s.store} is connected to no project, so no deployment uses its credentials. Check the store ID.`
          : `No project connected to store ${s.store} has ${s.keys.join(', ')}. Check name, or leave it empty to cover every variable the store provides.`,
      )
    }
    return { list: found }
  }
  if (s.projects.length === 1 && s.projects[0] === '*') {
    const listed: ListedProject[] = []
    for await (const page of port.projectPages()) listed.push(...page)
    // The listing normally carries each project's records; where it leaves them out, they are read one by one.
    const withEnvs = await mapLimit(listed, READS_IN_FLIGHT, async (p) => ({ ...p, envs: p.envs ?? (await port.listProjectEnvs(p.id)) }))
    const found = withEnvs.filter((p) => p.envs.some((r) => s.keys.includes(r.key))).map((p) => ({ ref: p.id, keys: s.keys, envs: p.envs }))
    if (found.length === 0) {
      problems.push(`No project of team ${s.team ?? '(token scope)'} has a project-level record of ${s.keys.join(', ')}. Check name and team.`)
    }
    return { list: found, listed }
  }
  return { list: s.projects.map((ref) => ({ ref, keys: s.keys })) }
}

/** Integration-created records belong to their provider: writing them here would be undone, or break the store. */
function managedProblem(project: string, r: EnvRecord): string {
  const m = r.managedBy!
  const who = [
    m.integrationId ? `integration ${m.integrationId}` : 'an integration',
    m.configurationId ? `configuration ${m.configurationId}` : undefined,
    m.storeId ? `store ${m.storeId}` : undefined,
  ]
    .filter(Boolean)
    .join(', ')
  const store = m.storeId ?? 'STORE_ID'
  return `Project ${project}: record ${r.id} of ${r.key} is managed by ${who}; its provider rotates it. Rotate the secret in the store's settings in Vercel (the provider's rotation), then run mode: redeploy with store: ${store} to redeploy every connected project.`
}

export async function planProjectScope(
  s: Settings,
  port: VercelPort,
  problems: string[],
  customOf: Map<string, CustomEnvironment[]>,
  writes: boolean,
  log: Logger,
): Promise<ProjectPlan[]> {
  const { list, listed: team } = await candidates(s, port, problems)
  const read = await readProjects(
    list.map((c) => c.ref),
    port,
    team,
  )
  logReads(read, log)
  const plans = await mapLimit(list, READS_IN_FLIGHT, async ({ ref, keys, envs: listed }, i) => {
    const envs = listed ?? (await port.listProjectEnvs(ref))
    const project = read.projects[i]!
    const reachesCustom = envs.some((r) => keys.includes(r.key) && r.customEnvironmentIds.length > 0)
    const custom =
      project.customEnvironments ?? (needsCustomEnvironments(s.targets) || reachesCustom ? await port.customEnvironments(project.id) : [])
    const want = resolveTargets(s.targets, custom)
    if (want.unknown.length > 0) {
      problems.push(
        `targets: ${want.unknown.join(', ')} is not production, preview, development or a custom environment of project ${project.name}. Check the slug in the project's settings.`,
      )
      return undefined
    }
    const plan = projectPlan(project, [], [], custom)
    customOf.set(project.id, custom)
    for (const key of keys) {
      const { selected, refused } = selectRecords(envs, key, want)
      for (const { record, outside } of refused) {
        problems.push(
          `Project ${project.name}: record ${record.id} of ${key} also covers ${outside.map((t) => custom.find((e) => e.id === t)?.slug ?? t).join(', ')}, which is not in targets. Add those to targets, or split the record in Vercel.`,
        )
      }
      if (writes) {
        for (const r of selected.filter((r) => r.managedBy)) problems.push(managedProblem(project.name, r))
        if (want.all && selected.length > 1) problems.push(splitProblem(`Project ${project.name}: ${key}`, refs(selected, custom)))
        for (const r of selected.filter((r) => r.type === 'plain' && !r.managedBy)) {
          problems.push(plainProblem(`Project ${project.name}: record ${r.id} of ${key}`, coverage(r, custom)))
        }
      }
      plan.writes.push(...selected)
      plan.records.push(...refs(selected, custom))
      if (selected.length === 0 && refused.length === 0) {
        if (s.createIfMissing && writes) {
          const t = targetsForNewRecord(want, s.type)
          plan.creates.push({ key, value: '', type: s.type, ...t })
          plan.records.push({ id: '(new)', key, targets: coverage({ ...t }, custom), type: s.type })
        } else {
          const which = s.targets === 'all' ? '' : ` for targets ${s.targets.join(', ')}`
          problems.push(
            `Project ${project.name} has no record of ${key}${which}. Check name and targets, or set create-if-missing: true to create it.`,
          )
        }
      }
    }
    plan.covers = coverageOf([...plan.writes, ...plan.creates], custom)
    return plan
  })
  // The same project named twice (by name and by ID) is written and redeployed once.
  const byId = new Map<string, ProjectPlan>()
  for (const p of plans) if (p && !byId.has(p.id)) byId.set(p.id, p)
  return [...byId.values()]
}
