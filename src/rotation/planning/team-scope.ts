/** Planning a team-level rotation: the shared variable's records, every linked project, and shadowing refusals. */
import type { CustomEnvironment, SharedVariable, VercelPort } from '../../vercel/port.js'
import { mapLimit } from '../parallel.js'
import { coverage, resolveTargets, selectRecords, shadowingRecords } from '../records.js'
import type { Logger, ProjectPlan, Settings } from '../types.js'
import { readProjects } from '../projects.js'
import { logReads, plainProblem, projectPlan, READS_IN_FLIGHT, refs, splitProblem } from './project-plan.js'

export async function planTeamScope(
  s: Settings,
  port: VercelPort,
  problems: string[],
  customOf: Map<string, CustomEnvironment[]>,
  writes: boolean,
  log: Logger,
): Promise<{ plans: ProjectPlan[]; shared: SharedVariable[] }> {
  const want = resolveTargets(s.targets, [])
  const found = await mapLimit(s.keys, READS_IN_FLIGHT, (key) => port.findSharedVariables(key))
  const selected: SharedVariable[] = []
  const matched: SharedVariable[] = []
  s.keys.forEach((key, i) => {
    const sel = selectRecords(found[i]!, key, { ...want, customIds: new Set(want.unknown), unknown: [] })
    for (const { record, outside } of sel.refused) {
      problems.push(
        `Shared variable ${key} (record ${record.id}) also covers ${outside.join(', ')}, which is not in targets. Add those to targets, or split the variable in Vercel.`,
      )
    }
    if (sel.selected.length === 0 && sel.refused.length === 0) {
      const which = s.targets === 'all' ? '' : ` for targets ${s.targets.join(', ')}`
      problems.push(
        `Team ${s.team} has no shared variable ${key}${which}. Check name, team and targets (create-if-missing does not apply to shared variables).`,
      )
    }
    if (writes) {
      if (want.all && sel.selected.length > 1) problems.push(splitProblem(`Shared variable ${key}`, refs(sel.selected)))
      for (const v of sel.selected.filter((v) => v.type === 'plain')) {
        problems.push(plainProblem(`Shared variable ${key} (record ${v.id})`, coverage(v)))
      }
    }
    selected.push(...sel.selected)
    // Refused records are checked for shadowing too: every refusal is reported at once, not one kind per run.
    matched.push(...sel.selected, ...sel.refused.map((r) => r.record))
  })
  if (matched.length === 0) return { plans: [], shared: [] }
  // Every project linked to any key of the credential, each planned (and later redeployed) once.
  const linked = [...new Set(matched.flatMap((v) => v.projectIds))]
  if (linked.length === 0) {
    problems.push(
      `Shared variable ${s.name} is linked to no project, so no deployment would use the new value. Link it to its projects in Vercel first.`,
    )
  }
  const sharedIds = new Set(matched.map((v) => v.id))
  const read = await readProjects(linked, port)
  logReads(read, log)
  const { projects } = read
  const plans = await mapLimit(projects, READS_IN_FLIGHT, async (project) => {
    const own = project.envs ?? (await port.listProjectEnvs(project.id))
    const mine = selected.filter((v) => v.projectIds.includes(project.id))
    const needsCustom = mine.some((v) => v.applyToAllCustomEnvironments || v.customEnvironmentIds.length > 0)
    const custom = project.customEnvironments ?? (needsCustom ? await port.customEnvironments(project.id) : [])
    customOf.set(project.id, custom)
    // Should Vercel list the linked shared records among the project's own, they are not shadows of themselves.
    for (const r of shadowingRecords(
      own.filter((r) => !sharedIds.has(r.id)),
      matched.filter((v) => v.projectIds.includes(project.id)),
    )) {
      problems.push(
        `Project ${project.name} has its own record ${r.id} of ${r.key} for ${coverage(r, custom).join(', ')}, which overrides the shared variable there (the project-level value wins in Vercel). Remove that record or unlink the project, then re-run.`,
      )
    }
    return projectPlan(project, refs(mine), mine, custom)
  })
  return { plans: plans.filter((p) => p.records.length > 0), shared: selected }
}
