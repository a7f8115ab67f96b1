/**
 * Resolves everything the rotation will touch before anything is written: the records of the key, the affected
 * projects, the deployment serving each one, shadowing, and which projects are already current. Sends only reads.
 */
import type { CustomEnvironment, EnvRecord, Project, SharedVariable, VercelPort } from '../vercel/port.js'
import { mapLimit } from './parallel.js'
import { coverage, needsCustomEnvironments, resolveTargets, selectRecords, shadowingRecords, targetsForNewRecord } from './records.js'
import type { Logger, Plan, ProjectPlan, RecordRef, RunContext, Settings } from './types.js'
import { earlierRedeploys } from './resume.js'
import { planPreviews, previewBranches } from './previews.js'
import { coverageOf, resolveEnvironments } from './environments.js'

/** Refusals found while planning; nothing has been written when this is thrown. */
export class PlanError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1 ? `${problems[0]} Nothing was written.` : `Refused before writing anything:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    )
    this.name = 'PlanError'
  }
}

const READS_IN_FLIGHT = 16

const refs = (records: (EnvRecord | SharedVariable)[], custom: CustomEnvironment[] = []): RecordRef[] =>
  records.map((r) => ({ id: r.id, targets: coverage(r, custom), type: r.type }))

function projectPlan(project: Project, records: RecordRef[], rotated: Parameters<typeof coverageOf>[0], custom: CustomEnvironment[]): ProjectPlan {
  return {
    id: project.id,
    name: project.name,
    records,
    covers: coverageOf(rotated, custom),
    environments: [],
    bypass: project.protectionBypass,
    skewMaxAgeMs: project.skewMaxAgeMs,
    inFlight: [],
    writes: [],
    creates: [],
    serving: project.servingProduction,
    rolledBack: project.rolledBack,
    rollingRelease: project.rollingRelease,
    action: 'redeploy',
    previews: [],
    previewsLeft: 0,
  }
}

async function planProjectScope(
  s: Settings,
  port: VercelPort,
  problems: string[],
  customOf: Map<string, CustomEnvironment[]>,
): Promise<ProjectPlan[]> {
  const plans = await mapLimit(s.projects, READS_IN_FLIGHT, async (name) => {
    const envs = await port.listProjectEnvs(name)
    const project = await port.getProject(name)
    const reachesCustom = envs.some((r) => r.key === s.name && r.customEnvironmentIds.length > 0)
    const custom =
      project.customEnvironments ?? (needsCustomEnvironments(s.targets) || reachesCustom ? await port.customEnvironments(project.id) : [])
    const want = resolveTargets(s.targets, custom)
    if (want.unknown.length > 0) {
      problems.push(
        `targets: ${want.unknown.join(', ')} is not production, preview, development or a custom environment of project ${project.name}. Check the slug in the project's settings.`,
      )
      return undefined
    }
    const { selected, refused } = selectRecords(envs, s.name, want)
    for (const { record, outside } of refused) {
      problems.push(
        `Project ${project.name}: record ${record.id} of ${s.name} also covers ${outside.map((t) => custom.find((e) => e.id === t)?.slug ?? t).join(', ')}, which is not in targets. Add those to targets, or split the record in Vercel.`,
      )
    }
    const plan = projectPlan(project, refs(selected, custom), selected, custom)
    plan.writes = selected
    customOf.set(project.id, custom)
    if (selected.length === 0 && refused.length === 0) {
      if (s.createIfMissing && s.mode !== 'verify' && s.mode !== 'redeploy') {
        const t = targetsForNewRecord(want, s.type)
        plan.creates = [{ key: s.name, value: '', type: s.type, ...t }]
        plan.records = [{ id: '(new)', targets: coverage({ ...t }, custom), type: s.type }]
        plan.covers = coverageOf([t], custom)
      } else {
        const which = s.targets === 'all' ? '' : ` for targets ${s.targets.join(', ')}`
        problems.push(
          `Project ${project.name} has no record of ${s.name}${which}. Check name and targets, or set create-if-missing: true to create it.`,
        )
      }
    }
    return plan
  })
  // The same project named twice (by name and by ID) is written and redeployed once.
  const byId = new Map<string, ProjectPlan>()
  for (const p of plans) if (p && !byId.has(p.id)) byId.set(p.id, p)
  return [...byId.values()]
}

async function planTeamScope(
  s: Settings,
  port: VercelPort,
  problems: string[],
  customOf: Map<string, CustomEnvironment[]>,
): Promise<{ plans: ProjectPlan[]; shared: SharedVariable[] }> {
  const all = await port.findSharedVariables(s.name)
  const want = resolveTargets(s.targets, [])
  const { selected, refused } = selectRecords(all, s.name, { ...want, customIds: new Set(want.unknown), unknown: [] })
  for (const { record, outside } of refused) {
    problems.push(
      `Shared variable ${s.name} (record ${record.id}) also covers ${outside.join(', ')}, which is not in targets. Add those to targets, or split the variable in Vercel.`,
    )
  }
  if (selected.length === 0 && refused.length === 0) {
    const which = s.targets === 'all' ? '' : ` for targets ${s.targets.join(', ')}`
    problems.push(
      `Team ${s.team} has no shared variable ${s.name}${which}. Check name, team and targets (create-if-missing does not apply to shared variables).`,
    )
    return { plans: [], shared: [] }
  }
  // Refused records are checked for shadowing too: every refusal is reported at once, not one kind per run.
  const matched = [...selected, ...refused.map((r) => r.record)]
  const linked = [...new Set(matched.flatMap((v) => v.projectIds))]
  if (linked.length === 0) {
    problems.push(
      `Shared variable ${s.name} is linked to no project, so no deployment would use the new value. Link it to its projects in Vercel first.`,
    )
  }
  const records = refs(selected)
  const sharedIds = new Set(matched.map((v) => v.id))
  const plans = await mapLimit(linked, READS_IN_FLIGHT, async (id) => {
    const project = await port.getProject(id)
    const own = project.envs ?? (await port.listProjectEnvs(project.id))
    // Should Vercel list the linked shared records among the project's own, they are not shadows of themselves.
    for (const r of shadowingRecords(
      own.filter((r) => !sharedIds.has(r.id)),
      matched.filter((v) => v.projectIds.includes(project.id)),
    )) {
      problems.push(
        `Project ${project.name} has its own record ${r.id} of ${s.name} for ${coverage(r).join(', ')}, which overrides the shared variable there (the project-level value wins in Vercel). Remove that record or unlink the project, then re-run.`,
      )
    }
    const mine = selected.filter((v) => v.projectIds.includes(project.id))
    const needsCustom = mine.some((v) => v.applyToAllCustomEnvironments || v.customEnvironmentIds.length > 0)
    const custom = project.customEnvironments ?? (needsCustom ? await port.customEnvironments(project.id) : [])
    customOf.set(project.id, custom)
    return projectPlan(project, records, mine, custom)
  })
  return { plans: plans.filter((p) => p.records.length > 0 && selected.some((v) => v.projectIds.includes(p.id))), shared: selected }
}

/** Builds the plan, or throws a PlanError listing every refusal. */
export async function buildPlan(s: Settings, port: VercelPort, run: RunContext, log: Logger): Promise<Plan> {
  const problems: string[] = []
  const warnings: string[] = []
  const customOf = new Map<string, CustomEnvironment[]>()
  const { plans, shared } =
    s.scope === 'team' ? await planTeamScope(s, port, problems, customOf) : { plans: await planProjectScope(s, port, problems, customOf), shared: [] }
  if (problems.length > 0) throw new PlanError(problems)

  const stamps = [...shared, ...plans.flatMap((p) => p.writes)].map((r) => r.updatedAt ?? 0)
  const creating = plans.some((p) => p.creates.length > 0)
  const valueUpdatedAt = stamps.length > 0 && !creating ? Math.max(...stamps) : undefined

  // A plan previews a rotate, so it writes in the same cases.
  const writes = s.mode === 'rotate' || s.mode === 'plan'
  let alreadyWritten = false
  let earlier: Awaited<ReturnType<typeof earlierRedeploys>> = []
  if (writes && valueUpdatedAt !== undefined && run.runAttempt > 1 && run.runId) {
    earlier = await earlierRedeploys(
      port,
      plans.map((p) => p.id),
      valueUpdatedAt,
      run,
    )
    alreadyWritten = earlier.length > 0
    if (alreadyWritten) log.info(`An earlier attempt of this workflow run wrote ${s.name}; resuming without writing it again.`)
  }
  const writing = writes && !alreadyWritten

  if (plans.some((p) => p.covers.customIds.length > 0)) await resolveEnvironments(plans, (p) => customOf.get(p.id) ?? [], port)
  for (const p of plans) {
    if (!writing && valueUpdatedAt !== undefined) {
      // A redeploy an earlier attempt created and Vercel still builds is adopted, never queued a second time.
      p.inFlight = earlier.filter((d) => d.projectId === p.id && !['ERROR', 'CANCELED', 'DELETED'].includes(d.state))
    }
    const decided = decide(p.covers.production, p.serving, s.redeploy.production, 'production', !writing ? valueUpdatedAt : undefined)
    p.action = decided.action
    p.note = decided.note
    for (const e of p.environments) Object.assign(e, decide(true, e.serving, s.redeploy.custom, 'custom', !writing ? valueUpdatedAt : undefined))
  }
  if (s.redeploy.preview && s.mode !== 'verify') {
    const branchesOf = (p: ProjectPlan) => previewBranches(s.scope === 'team' ? shared : [...p.writes, ...p.creates])
    await planPreviews(plans, branchesOf, port, Date.now())
    for (const p of plans) {
      // On a resume, previews rebuilt since the write already carry the value.
      if (!writing && valueUpdatedAt !== undefined) p.previews = p.previews.filter((d) => d.createdAt <= valueUpdatedAt)
      if (branchesOf(p)?.size === 0)
        warnings.push(`${p.name}: redeploy includes preview, but no rotated record applies to preview; no preview is rebuilt.`)
    }
  }
  return { projects: plans, shared, valueUpdatedAt, alreadyWritten, warnings }
}

/** What to do with one covered environment of a project: rebuild what serves it, or why not. */
function decide(
  covered: boolean,
  serving: ProjectPlan['serving'],
  redeploy: boolean,
  kind: 'production' | 'custom',
  currentSince: number | undefined,
): { action: ProjectPlan['action']; note?: string } {
  if (!covered) return { action: 'skip' }
  if (!serving)
    return { action: 'skip', note: `No deployment serves ${kind === 'production' ? 'production' : 'this environment'}: nothing holds the old value.` }
  if (currentSince !== undefined && isCurrent({ serving }, currentSince)) return { action: 'already-current' }
  if (!redeploy) return { action: 'skip', note: `Not redeployed (redeploy does not include ${kind}): it still serves the old value.` }
  return { action: 'redeploy' }
}

/** The serving deployment was built after the value was written, and serves fully. */
export function isCurrent(p: Pick<ProjectPlan, 'serving'>, valueUpdatedAt: number): boolean {
  const d = p.serving
  return !!d && d.createdAt > valueUpdatedAt && d.state === 'READY' && d.substate !== 'ROLLING' && d.substate !== 'STAGED'
}
