/**
 * Resolves everything the rotation will touch before anything is written: the records of the key, the affected
 * projects, the deployment serving each one, shadowing, and which projects are already current. Sends only reads.
 */
import type { CustomEnvironment, EnvRecord, Project, SharedVariable, VercelPort } from '../vercel/port.js'
import { mapLimit } from './parallel.js'
import {
  coverage,
  needsCustomEnvironments,
  resolveTargets,
  selectRecords,
  shadowingRecords,
  targetsForNewRecord,
} from './records.js'
import type { Logger, Plan, ProjectPlan, RecordRef, RunContext, Settings } from './types.js'
import { wasWrittenByThisRun } from './resume.js'
import { planPreviews, previewBranches } from './previews.js'

/** Refusals found while planning; nothing has been written when this is thrown. */
export class PlanError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `${problems[0]} Nothing was written.`
        : `Refused before writing anything:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    )
    this.name = 'PlanError'
  }
}

const READS_IN_FLIGHT = 16

const refs = (records: (EnvRecord | SharedVariable)[], custom: CustomEnvironment[] = []): RecordRef[] =>
  records.map((r) => ({ id: r.id, targets: coverage(r, custom), type: r.type }))

function projectPlan(project: Project, records: RecordRef[]): ProjectPlan {
  return {
    id: project.id,
    name: project.name,
    records,
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

async function planProjectScope(s: Settings, port: VercelPort, problems: string[]): Promise<ProjectPlan[]> {
  const plans = await mapLimit(s.projects, READS_IN_FLIGHT, async (name) => {
    const envs = await port.listProjectEnvs(name)
    const project = await port.getProject(name)
    const custom = needsCustomEnvironments(s.targets) ? await port.customEnvironments(project.id) : []
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
    const plan = projectPlan(project, refs(selected, custom))
    plan.writes = selected
    if (selected.length === 0 && refused.length === 0) {
      if (s.createIfMissing && s.mode !== 'verify' && s.mode !== 'redeploy') {
        const t = targetsForNewRecord(want, s.type)
        plan.creates = [{ key: s.name, value: '', type: s.type, ...t }]
        plan.records = [{ id: '(new)', targets: coverage({ ...t }, custom), type: s.type }]
      } else {
        const which = s.targets === 'all' ? '' : ` for targets ${s.targets.join(', ')}`
        problems.push(
          `Project ${project.name} has no record of ${s.name}${which}. Check name and targets, or set create-if-missing: true to create it.`,
        )
      }
    }
    return plan
  })
  return plans.filter((p): p is ProjectPlan => p !== undefined)
}

async function planTeamScope(
  s: Settings,
  port: VercelPort,
  problems: string[],
): Promise<{ plans: ProjectPlan[]; shared: SharedVariable[] }> {
  const all = await port.findSharedVariables(s.name)
  const want = resolveTargets(s.targets, [])
  const { selected, refused } = selectRecords(all, s.name, { ...want, customIds: new Set(want.unknown), unknown: [] })
  for (const { record, outside } of refused) {
    problems.push(
      `Shared variable ${s.name} (record ${record.id}) also covers ${outside.join(', ')}, which is not in targets. Add those to targets, or split the variable in Vercel.`,
    )
  }
  if (selected.length === 0) {
    if (refused.length === 0) {
      const which = s.targets === 'all' ? '' : ` for targets ${s.targets.join(', ')}`
      problems.push(`Team ${s.team} has no shared variable ${s.name}${which}. Check name, team and targets (create-if-missing does not apply to shared variables).`)
    }
    return { plans: [], shared: [] }
  }
  const linked = [...new Set(selected.flatMap((v) => v.projectIds))]
  if (linked.length === 0) {
    problems.push(`Shared variable ${s.name} is linked to no project, so no deployment would use the new value. Link it to its projects in Vercel first.`)
  }
  const records = refs(selected)
  const plans = await mapLimit(linked, READS_IN_FLIGHT, async (id) => {
    const project = await port.getProject(id)
    const own = project.envs ?? (await port.listProjectEnvs(project.id))
    // Should Vercel list the linked shared records among the project's own, they are not shadows of themselves.
    const sharedIds = new Set(selected.map((v) => v.id))
    for (const r of shadowingRecords(own.filter((r) => !sharedIds.has(r.id)), selected)) {
      problems.push(
        `Project ${project.name} has its own record ${r.id} of ${s.name} for ${coverage(r).join(', ')}, which overrides the shared variable there (the project-level value wins in Vercel). Remove that record or unlink the project, then re-run.`,
      )
    }
    return projectPlan(project, records)
  })
  return { plans, shared: selected }
}

/** Builds the plan, or throws a PlanError listing every refusal. */
export async function buildPlan(s: Settings, port: VercelPort, run: RunContext, log: Logger): Promise<Plan> {
  const problems: string[] = []
  const warnings: string[] = []
  const { plans, shared } =
    s.scope === 'team' ? await planTeamScope(s, port, problems) : { plans: await planProjectScope(s, port, problems), shared: [] }
  if (problems.length > 0) throw new PlanError(problems)

  const stamps = [...shared, ...plans.flatMap((p) => p.writes)].map((r) => r.updatedAt ?? 0)
  const creating = plans.some((p) => p.creates.length > 0)
  const valueUpdatedAt = stamps.length > 0 && !creating ? Math.max(...stamps) : undefined

  // A plan previews a rotate, so it writes in the same cases.
  const writes = s.mode === 'rotate' || s.mode === 'plan'
  let alreadyWritten = false
  if (writes && valueUpdatedAt !== undefined && run.runAttempt > 1 && run.runId) {
    alreadyWritten = await wasWrittenByThisRun(port, plans.map((p) => p.id), valueUpdatedAt, run)
    if (alreadyWritten) log.info(`An earlier attempt of this workflow run wrote ${s.name}; resuming without writing it again.`)
  }
  const writing = writes && !alreadyWritten

  for (const p of plans) {
    if (!s.redeploy.production) {
      p.action = 'skip'
      p.note = s.redeploy.preview ? 'Production not redeployed (redeploy: preview).' : 'Nothing redeployed (redeploy: none).'
    } else if (!p.serving) {
      p.action = 'skip'
      p.note = 'No production deployment: nothing serves the old value.'
    } else if (!writing && valueUpdatedAt !== undefined && isCurrent(p, valueUpdatedAt)) {
      p.action = 'already-current'
    }
  }
  if (s.redeploy.preview && s.mode !== 'verify') {
    const branchesOf = (p: ProjectPlan) =>
      previewBranches(s.scope === 'team' ? shared : [...p.writes, ...p.creates])
    await planPreviews(plans, branchesOf, port, Date.now())
    for (const p of plans) {
      // On a resume, previews rebuilt since the write already carry the value.
      if (!writing && valueUpdatedAt !== undefined) p.previews = p.previews.filter((d) => d.createdAt <= valueUpdatedAt)
      if (branchesOf(p)?.size === 0) warnings.push(`${p.name}: redeploy includes preview, but no rotated record applies to preview; no preview is rebuilt.`)
    }
  }
  return { projects: plans, shared, valueUpdatedAt, alreadyWritten, warnings }
}

/** The serving deployment was built after the value was written, and serves fully. */
export function isCurrent(p: Pick<ProjectPlan, 'serving'>, valueUpdatedAt: number): boolean {
  const d = p.serving
  return !!d && d.createdAt > valueUpdatedAt && d.state === 'READY' && d.substate !== 'ROLLING' && d.substate !== 'STAGED'
}
