/**
 * mode audit's reading of Vercel into an Inventory: the projects in scope (the whole team, or the projects given),
 * every record of the keys in scope (each project's own, and the shared variables linked to those projects), and
 * what serves production and each custom environment those records cover. Metadata only: every record comes from a
 * listing sent without `decrypt`, never from a read of one record, which Vercel answers decrypted.
 */
import type { CustomEnvironment, Deployment, EnvRecord, ListedProject, Project, SharedVariable, VercelPort } from '../vercel/port.js'
import { VercelApiError } from '../vercel/errors.js'
import { servingOf } from '../rotation/environments.js'
import { mapLimit } from '../rotation/parallel.js'
import { readProjects } from '../rotation/projects.js'
import { hostsNow } from '../rotation/serving-now.js'
import type { Logger } from '../rotation/types.js'
import { keyMatcher } from './key-patterns.js'
import { projectRecord, sharedRecord } from './records.js'
import type { AuditProject, AuditRecord, AuditSettings, Inventory, Serving } from './types.js'

export interface CollectDeps {
  port: VercelPort
  log: Logger
  clock: { now(): number }
  signal?: AbortSignal
}

/** Projects read at once: each takes one request, and a few more where a record covers a custom environment. */
const READS_IN_FLIGHT = 16
/** A progress line at most this often, as the wait writes its own: a long audit shows it is moving. */
export const PROGRESS_EVERY_MS = 10_000

/** A project in scope, and the full project view where a listing or a read already gave it. */
interface Scoped {
  id: string
  name: string
  project?: Project
}

/**
 * Reads the inventory. A read that fails for one project (its records, what serves it) becomes a gap and the audit
 * goes on; a failure of the team's listings, or of a project named in `projects`, fails the audit: without them
 * there is no inventory to speak of.
 */
export async function collectInventory(settings: Pick<AuditSettings, 'team' | 'projects' | 'keys'>, deps: CollectDeps): Promise<Inventory> {
  const { port, log, clock, signal } = deps
  const startedAt = clock.now()
  const progress = every(PROGRESS_EVERY_MS, clock, log)
  const named = settings.projects ?? []
  const inScope = settings.keys.length === 0 ? () => true : keyMatcher(settings.keys)
  const gaps: string[] = []
  log.info(
    named.length > 0
      ? `Audit: reading ${named.length} project(s) and the shared variables linked to them.`
      : `Audit: reading every project and shared variable of team ${settings.team ?? '(token scope)'}.`,
  )

  const [scoped, allShared] = await Promise.all([projectsInScope(named, port, progress), port.listSharedVariables()])
  const ids = new Set(scoped.map((p) => p.id))
  const sharedIds = new Set(allShared.map((v) => v.id))
  // The shared variables of the keys in scope, each with its linked projects of the audit's scope.
  const shared = allShared
    .filter((v) => inScope(v.key))
    .map((v) => ({ v, linked: v.projectIds.filter((id) => ids.has(id)) }))
    .filter(({ linked }) => named.length === 0 || linked.length > 0)
  const sharedOf = new Map<string, SharedVariable[]>()
  for (const { v, linked } of shared) {
    for (const id of linked) {
      if (!sharedOf.has(id)) sharedOf.set(id, [])
      sharedOf.get(id)!.push(v)
    }
  }

  let done = 0
  const read = await mapLimit(scoped, READS_IN_FLIGHT, async (p) => {
    signal?.throwIfAborted()
    const out = await readProject(p, sharedOf.get(p.id) ?? [], { port, inScope, sharedIds, gaps, signal })
    done++
    progress(() => `Audit: ${done} of ${scoped.length} projects read.`)
    return out
  })

  const records: AuditRecord[] = [...shared.map(({ v, linked }) => sharedRecord(v, linked)), ...read.flatMap((r) => r.records)]
  log.info(
    `Audit: read ${scoped.length} project(s), ${records.length} record(s) (${shared.length} shared) in ${Math.round((clock.now() - startedAt) / 1000)} s` +
      (gaps.length > 0 ? `; ${gaps.length} read(s) incomplete.` : '.'),
  )
  return { ...(settings.team ? { team: settings.team } : {}), projects: read.map((r) => r.project), records, gaps }
}

/** Logs a line when `ms` have passed since the last one; the line is built only then. */
function every(ms: number, clock: { now(): number }, log: Logger): (line: () => string) => void {
  let last = clock.now()
  return (line) => {
    const now = clock.now()
    if (now - last < ms) return
    last = now
    log.info(line())
  }
}

/** The whole team from its listing, or the projects named (by name or ID), each once. */
async function projectsInScope(named: string[], port: VercelPort, progress: (line: () => string) => void): Promise<Scoped[]> {
  if (named.length > 0) {
    const { projects } = await readProjects(named, port)
    return [...new Map(projects.map((p) => [p.id, { id: p.id, name: p.name, project: p }])).values()]
  }
  const listed: ListedProject[] = []
  for await (const page of port.projectPages()) {
    listed.push(...page)
    progress(() => `Audit: ${listed.length} projects listed.`)
  }
  return [...new Map(listed.map((p) => [p.id, { id: p.id, name: p.name, ...(p.project ? { project: p.project } : {}) }])).values()]
}

interface ReadContext {
  port: VercelPort
  inScope: (key: string) => boolean
  /** Every shared variable's ID: should Vercel list a linked shared record among a project's own, it is not one. */
  sharedIds: Set<string>
  gaps: string[]
  signal?: AbortSignal
}

/**
 * One project: its own records from `GET /v10/projects/{id}/env` (the listing's `env` lacks `securityIssues` in
 * Vercel's schema), then what serves production and each covered custom environment, read only where a record in
 * scope covers it and the project view at hand does not say.
 */
async function readProject(p: Scoped, linked: SharedVariable[], ctx: ReadContext): Promise<{ project: AuditProject; records: AuditRecord[] }> {
  const { port, inScope, sharedIds } = ctx
  const attempt = <T>(what: string, run: () => Promise<T>) => readOr(what, run, ctx)
  const envs = await attempt(`Project ${p.name}: its records`, () => port.listProjectEnvs(p.id))
  const own = (envs ?? []).filter((r) => inScope(r.key) && !sharedIds.has(r.id))
  const covering: Covering[] = [...own, ...linked]

  let view = p.project
  const needsProduction = covering.some((r) => r.target.includes('production'))
  const needsCustom = covering.some((r) => r.customEnvironmentIds.length > 0 || r.applyToAllCustomEnvironments === true)
  if (!view && (needsProduction || needsCustom)) view = await attempt(`Project ${p.name}: what serves production`, () => port.getProject(p.id))
  const production = view?.servingProduction ? serving(view.servingProduction) : undefined

  let customEnvironments: AuditProject['customEnvironments'] = []
  if (needsCustom) {
    const list = view?.customEnvironments ?? (await attempt(`Project ${p.name}: its custom environments`, () => port.customEnvironments(p.id)))
    if (list) customEnvironments = await servingCustom(p, covered(p, own, linked, list, ctx.gaps), ctx)
  }
  return {
    project: { id: p.id, name: p.name, ...(production ? { production } : {}), customEnvironments },
    records: own.map((r) => projectRecord(r, p.id)),
  }
}

type Covering = Pick<EnvRecord, 'target' | 'customEnvironmentIds'> & { applyToAllCustomEnvironments?: boolean }

/** The project's custom environments the records in scope cover; an ID the project does not list is a gap. */
function covered(p: Scoped, own: EnvRecord[], linked: SharedVariable[], list: CustomEnvironment[], gaps: string[]): CustomEnvironment[] {
  const ids = new Set<string>()
  for (const v of linked) {
    if (v.applyToAllCustomEnvironments) for (const e of list) ids.add(e.id)
    // A shared variable names custom environments across its linked projects: only this project's count here.
    for (const id of v.customEnvironmentIds) if (list.some((e) => e.id === id)) ids.add(id)
  }
  for (const r of own) {
    for (const id of r.customEnvironmentIds) {
      if (list.some((e) => e.id === id)) ids.add(id)
      else gaps.push(`Project ${p.name}: record ${r.id} of ${r.key} covers custom environment ${id}, which the project does not list.`)
    }
  }
  return list.filter((e) => ids.has(e.id))
}

/** What serves each covered custom environment, from every host Vercel names for it; unknown is a gap. */
async function servingCustom(p: Scoped, envs: CustomEnvironment[], ctx: ReadContext): Promise<AuditProject['customEnvironments']> {
  return mapLimit(envs, 4, async (env) => {
    const answers = await readOr(`Project ${p.name}: what serves environment ${env.slug}`, () => hostsNow(env.domains ?? [], ctx.port), ctx)
    if (!answers) return { id: env.id, slug: env.slug }
    const { serving: found, unknown } = servingOf(p, env, answers)
    if (unknown) ctx.gaps.push(`Project ${p.name}: ${unknown}`)
    return { id: env.id, slug: env.slug, ...(found ? { serving: serving(found) } : {}) }
  })
}

const serving = (d: Deployment): Serving => ({ deploymentId: d.id, createdAt: d.createdAt, ...(d.url ? { url: d.url } : {}) })

/** A read whose failure is a gap of the inventory, not the end of the audit; a cancellation still ends it. */
async function readOr<T>(what: string, run: () => Promise<T>, ctx: Pick<ReadContext, 'gaps' | 'signal'>): Promise<T | undefined> {
  try {
    return await run()
  } catch (err) {
    if (!(err instanceof VercelApiError) || err.kind === 'aborted' || ctx.signal?.aborted) throw err
    ctx.gaps.push(`${what} could not be read: ${err.message}`)
    return undefined
  }
}
