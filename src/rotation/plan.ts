/**
 * Resolves everything the rotation will touch before anything is written: the records of the key, the affected
 * projects, the deployment serving each one, shadowing, and which projects are already current. Sends only reads.
 */
import type { CustomEnvironment, EnvRecord, ListedProject, Project, SharedVariable, VercelPort } from '../vercel/port.js'
import { mapLimit } from './parallel.js'
import { coverage, needsCustomEnvironments, resolveTargets, selectRecords, shadowingRecords, targetsForNewRecord } from './records.js'
import type { Logger, Plan, ProjectPlan, RecordRef, RunContext, Settings } from './types.js'
import { earlierRedeploys } from './resume.js'
import { planPreviews, previewBranches } from './previews.js'
import { coverageOf, resolveEnvironments } from './environments.js'
import { readProjects, type ProjectReads } from './projects.js'

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
  records.map((r) => ({ id: r.id, key: r.key, targets: coverage(r, custom), type: r.type }))

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
    ...(project.ignoreCommand ? { ignoreCommand: project.ignoreCommand } : {}),
    action: 'redeploy',
    previews: [],
    previewsLeft: 0,
  }
}

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

async function planProjectScope(
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
      if (writes) for (const r of selected.filter((r) => r.managedBy)) problems.push(managedProblem(project.name, r))
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

async function planTeamScope(
  s: Settings,
  port: VercelPort,
  problems: string[],
  customOf: Map<string, CustomEnvironment[]>,
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
    // Should Vercel list the linked shared records among the project's own, they are not shadows of themselves.
    for (const r of shadowingRecords(
      own.filter((r) => !sharedIds.has(r.id)),
      matched.filter((v) => v.projectIds.includes(project.id)),
    )) {
      problems.push(
        `Project ${project.name} has its own record ${r.id} of ${r.key} for ${coverage(r).join(', ')}, which overrides the shared variable there (the project-level value wins in Vercel). Remove that record or unlink the project, then re-run.`,
      )
    }
    const mine = selected.filter((v) => v.projectIds.includes(project.id))
    const needsCustom = mine.some((v) => v.applyToAllCustomEnvironments || v.customEnvironmentIds.length > 0)
    const custom = project.customEnvironments ?? (needsCustom ? await port.customEnvironments(project.id) : [])
    customOf.set(project.id, custom)
    return projectPlan(project, refs(mine), mine, custom)
  })
  return { plans: plans.filter((p) => p.records.length > 0), shared: selected }
}

/** Says where the projects came from when the team's listing was read: it explains the request count. */
function logReads(read: ProjectReads, log: Logger): void {
  if (read.pages === 0) return
  const rest = read.projects.length - read.listed
  log.info(
    `Read ${read.listed} of ${read.projects.length} projects from ${read.pages} page(s) of the team's project listing${rest > 0 ? `; ${rest} read one by one` : ''}.`,
  )
}

/** Builds the plan, or throws a PlanError listing every refusal. */
export async function buildPlan(s: Settings, port: VercelPort, run: RunContext, log: Logger): Promise<Plan> {
  const problems: string[] = []
  const warnings: string[] = []
  const customOf = new Map<string, CustomEnvironment[]>()
  // A plan previews a rotate, so it writes in the same cases; with a store, the provider has written already.
  const writes = (s.mode === 'rotate' || s.mode === 'plan') && !s.store
  const { plans, shared } =
    s.scope === 'team'
      ? await planTeamScope(s, port, problems, customOf, log)
      : { plans: await planProjectScope(s, port, problems, customOf, writes, log), shared: [] }
  if (problems.length > 0) throw new PlanError([...new Set(problems)])
  const keys = s.keys.length > 0 ? s.keys : [...new Set(plans.flatMap((p) => p.records.map((r) => r.key)))]

  const stamps = [...shared, ...plans.flatMap((p) => p.writes)].map((r) => r.updatedAt ?? 0)
  const creating = plans.some((p) => p.creates.length > 0)
  const valueUpdatedAt = stamps.length > 0 && !creating ? Math.max(...stamps) : undefined

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
    if (alreadyWritten) log.info(`An earlier attempt of this workflow run wrote ${keys.join(', ')}; resuming without writing again.`)
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
  if (s.mode !== 'verify') warnings.push(...ignoredBuildWarnings(plans))
  return { projects: plans, keys, writes: writing, shared, valueUpdatedAt, alreadyWritten, warnings }
}

/** Projects whose Ignored Build Step may cancel the redeploys: said before anything is rebuilt. */
function ignoredBuildWarnings(plans: ProjectPlan[]): string[] {
  return plans
    .filter((p) => p.ignoreCommand && (p.action === 'redeploy' || p.environments.some((e) => e.action === 'redeploy') || p.previews.length > 0))
    .map(
      (p) =>
        `${p.name}: has an Ignored Build Step (\`${p.ignoreCommand}\`). A redeploy builds the same commit, and a command that skips builds without code changes cancels it (CANCELED). Let redeploys through: the command must exit 1 (build) when only the environment changed, e.g. whenever VERCEL_ENV is production.`,
    )
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
