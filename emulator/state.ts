import { randomBytes } from 'node:crypto'
import { assignCustomEnvironment, assignPreview, assignProduction, endBuild, servesProduction, startRollout } from './aliasing.js'
import { verifyIdToken, type IdTokenIssuer } from './oidc.js'
import { abortRollout, advanceRollout, approveStage, completeRollout, DEFAULT_STAGES, rolloutView } from './rolling.js'
import { nextBuildEvent, type BuildSettings } from './builds.js'
import { queryDeployments, type DeploymentFilter } from './deployment-query.js'
import { ApiError, badRequest, forbidden, notFound } from './errors.js'
import {
  productionAlias,
  type BuildFailure,
  type CustomEnvironment,
  type Deployment,
  type EnvTarget,
  type Project,
  type ProjectBehaviour,
  type ProjectEnv,
  type ReadyState,
  type ReadySubstate,
  type RollingStage,
  type SharedEnv,
  type Team,
} from './model.js'
import { createProjectEnvs, editProjectEnv, removeProjectEnv, type EnvFailure, type ProjectEnvInput, type ProjectEnvPatch } from './project-env.js'
import { takeDeploymentQuota } from './quota.js'
import { resolveEnv } from './resolve-env.js'
import { applySharedUpdate, type SharedEnvUpdate } from './shared-env.js'
import { Stores, type StoreInput } from './stores.js'

export interface StateOptions extends Partial<BuildSettings> {
  /** Deployments a team may create through the API per rolling 24 h (Vercel's Hobby quota is 100). */
  deploymentQuota?: number
}

/** A project record or its id or name. */
export type ProjectRef = Project | string

export interface AddDeploymentInput {
  target: 'production' | null
  /** A deployment of this custom environment (target null); READY ones take the environment's domains. */
  customEnvironmentId?: string
  readyState?: ReadyState
  readySubstate?: ReadySubstate
  createdAt?: number
  gitBranch?: string
  meta?: Record<string, string>
  /**
   * Whether a READY production deployment serves production. By default it does unless a newer one already
   * serves, so seeding history in any order leaves the newest one serving.
   */
  serving?: boolean
}

export interface CreateDeploymentInput {
  target: 'production' | null
  meta?: Record<string, string>
  source?: Deployment
  customEnvironmentId?: string
  /** false: staged, as `vercel deploy --prod --skip-domain` asks. */
  autoAssignCustomDomains?: boolean
}

const randomId = (prefix: string, length = 24): string =>
  prefix +
  randomBytes(length)
    .toString('base64')
    .replace(/[^a-zA-Z0-9]/g, '')
    .slice(0, length)

/**
 * In-memory Vercel: teams, projects, env records, shared variables and deployments on a build clock.
 * Time only moves when someone looks: `advance()` replays every build transition up to `now()` in order,
 * so results do not depend on when requests happen to arrive.
 */
export class State {
  /** Source of time; replace it to drive builds from a test. */
  clock: () => number = Date.now
  readonly settings: BuildSettings
  deploymentQuota: number | undefined
  /** Marketplace storage resources and their connected projects. */
  readonly stores = new Stores()
  /**
   * The project listing's form: `full` carries each project as a project read does; `lean` leaves out what only
   * a project read has (the alias history, custom environments, the bypass, Skew Protection), the shorter of the
   * two shapes Vercel's schema allows.
   */
  listing: 'full' | 'lean' = 'full'
  /** The runner's OIDC token service, when the emulator plays it (ACTIONS_ID_TOKEN_REQUEST_URL). */
  oidc: IdTokenIssuer | undefined

  private readonly teamsById = new Map<string, Team>()
  private readonly projectsById = new Map<string, Project>()
  private readonly sharedById = new Map<string, SharedEnv>()
  private readonly deploymentsById = new Map<string, Deployment>()
  /** Deployments still QUEUED or BUILDING. */
  private readonly active = new Set<Deployment>()
  private readonly armedBuildFailures = new Map<string, BuildFailure[]>()
  private readonly armedSharedFailures = new Map<string, EnvFailure['error'][]>()
  /** Keyed by `${projectId}/${key}`. */
  private readonly armedEnvCreateFailures = new Map<string, EnvFailure['error'][]>()
  /** createdAt of deployments created through the API, per team, for the daily quota. */
  private readonly apiCreations = new Map<string, number[]>()
  /** Values the third-party provider refuses: a deployment built with one answers 500. */
  private readonly rejectedValues = new Set<string>()
  private cursor = -Infinity
  private lastCreatedAt = -Infinity

  constructor(options: StateOptions = {}) {
    this.settings = {
      buildMs: options.buildMs ?? 200,
      queueMs: options.queueMs ?? 0,
      concurrentBuilds: options.concurrentBuilds ?? Infinity,
    }
    this.deploymentQuota = options.deploymentQuota
  }

  now(): number {
    return this.clock()
  }

  // ---- teams and projects ----

  addTeam(input: { id?: string; slug: string }): Team {
    const team = { id: input.id ?? randomId('team_'), slug: input.slug }
    this.teamsById.set(team.id, team)
    return team
  }

  teams(): Team[] {
    return [...this.teamsById.values()]
  }

  /** The team a request acts on; without teamId/slug the token's own scope (the first team) is used. */
  resolveTeam(scope: { teamId?: string; slug?: string }): Team {
    const team =
      scope.teamId !== undefined
        ? this.teamsById.get(scope.teamId)
        : scope.slug !== undefined
          ? this.teams().find((t) => t.slug === scope.slug)
          : this.teams()[0]
    if (!team) throw forbidden("You don't have permission to access this team")
    return team
  }

  addProject(input: {
    id?: string
    name: string
    teamId: string
    rollingRelease?: boolean
    rollingStages?: RollingStage[]
    autoAssign?: boolean
    commandForIgnoringBuildStep?: string
    behaviour?: Partial<ProjectBehaviour>
  }): Project {
    if (!this.teamsById.has(input.teamId)) throw notFound(`Team "${input.teamId}" not found`)
    const now = this.now()
    const project: Project = {
      id: input.id ?? randomId('prj_'),
      name: input.name,
      accountId: input.teamId,
      rollingRelease: input.rollingRelease ?? false,
      rollingStages: input.rollingStages ?? DEFAULT_STAGES,
      rollout: null,
      autoAssign: input.autoAssign ?? true,
      commandForIgnoringBuildStep: input.commandForIgnoringBuildStep ?? null,
      servingDeploymentId: null,
      productionHistory: [],
      lastAliasRequest: null,
      customEnvironments: [],
      env: [],
      behaviour: { protection: false, bypassSecrets: [], coldStartVisits: 0, ...input.behaviour },
      createdAt: now,
      updatedAt: now,
    }
    this.projectsById.set(project.id, project)
    return project
  }

  /** Looks a project up by id or name, optionally within one team. */
  project(ref: ProjectRef, teamId?: string): Project {
    if (typeof ref !== 'string') return ref
    const inTeam = (p: Project): boolean => teamId === undefined || p.accountId === teamId
    const byId = this.projectsById.get(ref)
    if (byId && inTeam(byId)) return byId
    for (const p of this.projectsById.values()) if (p.name === ref && inTeam(p)) return p
    throw notFound('Project not found')
  }

  projects(teamId?: string): Project[] {
    return [...this.projectsById.values()].filter((p) => teamId === undefined || p.accountId === teamId)
  }

  addCustomEnvironment(ref: ProjectRef, input: { id?: string; slug: string; domains?: string[] }): CustomEnvironment {
    const now = this.now()
    const project = this.project(ref)
    const environment: CustomEnvironment = {
      id: input.id ?? randomId('env_'),
      slug: input.slug,
      // Vercel gives every custom environment a generated domain besides any custom ones.
      domains: input.domains ?? [`${project.name}-env-${input.slug}-${this.teamSlug(project)}.vercel.app`],
      servingDeploymentId: null,
      createdAt: now,
      updatedAt: now,
    }
    project.customEnvironments.push(environment)
    return environment
  }

  /** Changes how a project's deployments behave: protection, bypass secrets, Skew Protection, checks, cold starts. */
  configure(ref: ProjectRef, behaviour: Partial<ProjectBehaviour>): void {
    const project = this.project(ref)
    project.behaviour = { ...project.behaviour, ...behaviour }
  }

  /** The provider refuses this value: every deployment built with it answers 500. */
  rejectValue(value: string): void {
    this.rejectedValues.add(value)
  }

  /**
   * A visit to a deployment's own URL or a domain, answered as a tiny app built with the deployment's env values:
   * 401 without a valid bypass when protected, 503 while cold, 500 when a value it was built with is refused.
   */
  visit(host: string, creds: { bypass?: string; oidcToken?: string } = {}): { status: number; body: unknown } {
    this.advance()
    const d = [...this.deploymentsById.values()].find((x) => x.url === host || x.alias.includes(host))
    if (!d || d.readyState !== 'READY')
      return { status: 404, body: { error: { code: 'DEPLOYMENT_NOT_FOUND', message: 'The deployment could not be found.' } } }
    const { behaviour } = this.project(d.projectId)
    const bypassed = !!creds.bypass && behaviour.bypassSecrets.includes(creds.bypass)
    const trusted = !!creds.oidcToken && !!this.oidc && verifyIdToken(this.oidc, creds.oidcToken, behaviour.trustedRepositories ?? [], this.now())
    if (behaviour.protection && !bypassed && !trusted) {
      return { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'Authentication Required' } } }
    }
    d.visits++
    if (d.visits <= behaviour.coldStartVisits) return { status: 503, body: { error: { code: 'FUNCTION_INVOCATION_TIMEOUT', message: 'cold start' } } }
    const refused = Object.values(d.env).some((v) => this.rejectedValues.has(v))
    return refused ? { status: 500, body: { ok: false, error: 'The credential was rejected by the provider.' } } : { status: 200, body: { ok: true } }
  }

  // ---- project env records ----

  addProjectEnv(ref: ProjectRef, input: ProjectEnvInput): ProjectEnv {
    const { created, failed } = this.createProjectEnvs(ref, [input], false)
    const record = created[0]
    if (!record) throw new ApiError(400, failed[0]?.error.code ?? 'bad_request', failed[0]?.error.message ?? '')
    return record
  }

  createProjectEnvs(ref: ProjectRef, items: readonly ProjectEnvInput[], upsert: boolean): { created: ProjectEnv[]; failed: EnvFailure[] } {
    const project = this.project(ref)
    const armedFailures: EnvFailure[] = []
    const rest = items.filter((item) => {
      const armed = this.armedEnvCreateFailures.get(`${project.id}/${item.key}`)?.shift()
      if (armed) armedFailures.push({ error: { ...armed, key: item.key, target: item.target } })
      return !armed
    })
    const result = createProjectEnvs(project, rest, { upsert, now: this.now(), newId: () => randomId('env_', 16) })
    return { created: result.created, failed: [...armedFailures, ...result.failed] }
  }

  /** Makes the next create (or upsert) of this key on this project land in `failed[]`. */
  failNextEnvCreate(ref: ProjectRef, key: string, error?: { code: string; message: string }): void {
    const id = `${this.project(ref).id}/${key}`
    const queue = this.armedEnvCreateFailures.get(id) ?? []
    queue.push({ code: 'bad_request', message: 'The environment variable could not be saved.', ...error })
    this.armedEnvCreateFailures.set(id, queue)
  }

  editProjectEnv(ref: ProjectRef, id: string, patch: ProjectEnvPatch): ProjectEnv {
    return editProjectEnv(this.project(ref), id, patch, this.now())
  }

  removeProjectEnv(ref: ProjectRef, id: string): ProjectEnv {
    return removeProjectEnv(this.project(ref), id)
  }

  projectEnvs(ref: ProjectRef): ProjectEnv[] {
    return this.project(ref).env
  }

  // ---- Marketplace stores ----

  /** A store connected to projects, with the integration-created records it provides them. */
  addStore(teamId: string, input: StoreInput) {
    return this.stores.add(this.resolveTeam({ teamId }), input, this.now(), () => randomId('env_', 16))
  }

  /** The provider rotates the store's secrets: records change, nothing is redeployed. */
  rotateStore(storeId: string, values: Record<string, string>): ProjectEnv[] {
    const store = this.stores.get(storeId)
    return this.stores.rotate(store, values, (id) => this.project(id), this.now())
  }

  // ---- shared (team) variables ----

  addSharedEnv(
    teamId: string,
    input: {
      key: string
      value: string
      type: SharedEnv['type']
      target: EnvTarget[]
      projectIds: string[]
      customEnvironmentIds?: string[]
      applyToAllCustomEnvironments?: boolean
    },
  ): SharedEnv {
    if (!this.teamsById.has(teamId)) throw notFound(`Team "${teamId}" not found`)
    const now = this.now()
    const record: SharedEnv = {
      id: randomId('env_', 16),
      key: input.key,
      value: input.value,
      type: input.type,
      target: [...input.target],
      projectId: input.projectIds.map((p) => this.project(p).id),
      customEnvironmentIds: [...(input.customEnvironmentIds ?? [])],
      applyToAllCustomEnvironments: input.applyToAllCustomEnvironments ?? false,
      ownerId: teamId,
      createdAt: now,
      updatedAt: now,
    }
    this.sharedById.set(record.id, record)
    return record
  }

  sharedEnvs(teamId: string): SharedEnv[] {
    return [...this.sharedById.values()].filter((s) => s.ownerId === teamId)
  }

  /** Makes the next PATCH /v1/env entry for this id land in `failed[]`. */
  failNextSharedUpdate(envId: string, error?: { code: string; message: string }): void {
    const queue = this.armedSharedFailures.get(envId) ?? []
    queue.push({ code: 'bad_request', message: 'The environment variable could not be updated.', ...error, envVarId: envId })
    this.armedSharedFailures.set(envId, queue)
  }

  updateSharedEnvs(teamId: string, updates: Record<string, SharedEnvUpdate>): { updated: SharedEnv[]; failed: EnvFailure[] } {
    const updated: SharedEnv[] = []
    const failed: EnvFailure[] = []
    for (const [id, update] of Object.entries(updates)) {
      const record = this.sharedById.get(id)
      const armed = this.armedSharedFailures.get(id)?.shift()
      if (armed) {
        failed.push({ error: { ...armed, ...(record ? { envVarKey: record.key } : {}) } })
        continue
      }
      if (!record || record.ownerId !== teamId) {
        failed.push({ error: { code: 'not_found', message: `Environment Variable "${id}" not found`, envVarId: id } })
        continue
      }
      try {
        applySharedUpdate(record, update ?? {}, this.now())
        updated.push(record)
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        failed.push({ error: { envVarId: id, envVarKey: record.key, ...(err.body().error as EnvFailure['error']) } })
      }
    }
    return { updated, failed }
  }

  // ---- deployments ----

  /** Seeds a deployment in any state, e.g. the one serving production before a test starts. */
  addDeployment(ref: ProjectRef, input: AddDeploymentInput): Deployment {
    this.advance()
    const project = this.project(ref)
    const readyState = input.readyState ?? 'READY'
    const createdAt = input.createdAt ?? this.uniqueCreatedAt()
    const d = this.newDeployment(project, input.target, { ...input.meta }, input.gitBranch, createdAt)
    if (input.customEnvironmentId !== undefined) {
      d.customEnvironmentId = input.customEnvironmentId
      d.env = this.envFor(project, d)
    }
    d.readyState = readyState
    if (readyState !== 'QUEUED') d.buildingAt = createdAt
    if (readyState === 'QUEUED' || readyState === 'BUILDING') this.active.add(d)
    if (readyState === 'READY') {
      // It was built once, as long as a build takes here (what a client can learn of how long a rebuild takes).
      d.ready = Math.min(createdAt + this.settings.buildMs, Math.max(createdAt, this.now()))
      if (d.customEnvironmentId !== undefined) {
        const env = project.customEnvironments.find((e) => e.id === d.customEnvironmentId)
        const current = env?.servingDeploymentId ? this.deploymentsById.get(env.servingDeploymentId) : undefined
        if (input.serving ?? (!current || current.createdAt < createdAt)) assignCustomEnvironment(d, project)
      } else if (d.target === 'production') {
        d.readySubstate = input.readySubstate ?? 'PROMOTED'
        const current = this.servingDeployment(project)
        if (input.serving ?? (!current || current.createdAt < createdAt)) assignProduction(d, project, createdAt)
      } else {
        assignPreview(d, project, this.teamSlug(project))
      }
    }
    return d
  }

  /** POST /v13/deployments. The new deployment is QUEUED; the build clock takes it from there. */
  createDeployment(ref: ProjectRef, input: CreateDeploymentInput): Deployment {
    this.advance()
    const project = this.project(ref)
    if (this.deploymentQuota !== undefined) {
      const recent = this.apiCreations.get(project.accountId) ?? []
      this.apiCreations.set(project.accountId, recent)
      takeDeploymentQuota(recent, this.deploymentQuota, this.now())
    }
    const meta = { ...input.source?.meta, ...input.meta }
    const d = this.newDeployment(project, input.target, meta, meta['githubCommitRef'], this.uniqueCreatedAt())
    if (input.source) d.sourceDeploymentId = input.source.uid
    if (input.autoAssignCustomDomains === false) d.autoAssignCustomDomains = false
    if (input.customEnvironmentId) {
      d.customEnvironmentId = input.customEnvironmentId
      d.env = this.envFor(project, d)
    }
    const failure = this.armedBuildFailures.get(project.id)?.shift()
    if (failure) d.failure = failure
    if (project.behaviour.checks) d.checks = { ...project.behaviour.checks }
    this.active.add(d)
    return d
  }

  /** Arms the next deployment created for this project to end in ERROR or CANCELED, or to build forever. */
  failNextBuild(ref: ProjectRef, failure: BuildFailure): void {
    const id = this.project(ref).id
    this.armedBuildFailures.set(id, [...(this.armedBuildFailures.get(id) ?? []), failure])
  }

  deployment(id: string): Deployment | undefined {
    this.advance()
    return this.deploymentsById.get(id)
  }

  /** Newest first. */
  deployments(ref?: ProjectRef): Deployment[] {
    this.advance()
    const projectId = ref === undefined ? undefined : this.project(ref).id
    return [...this.deploymentsById.values()]
      .filter((d) => projectId === undefined || d.projectId === projectId)
      .sort((a, b) => b.createdAt - a.createdAt)
  }

  queryDeployments(teamId: string, filter: DeploymentFilter): { items: Deployment[]; next: number | null } {
    this.advance()
    return queryDeployments(
      [...this.deploymentsById.values()].filter((d) => d.teamId === teamId),
      filter,
    )
  }

  /** By id, by deployment URL, or by an alias hostname (the production domain resolves to what it serves). */
  findDeployment(teamId: string, idOrUrl: string): Deployment {
    this.advance()
    const host = idOrUrl.replace(/^https?:\/\//, '').replace(/\/.*$/, '')
    const inTeam = [...this.deploymentsById.values()].filter((d) => d.teamId === teamId)
    const direct = inTeam.find((d) => d.uid === idOrUrl || d.url === host)
    if (direct) return direct
    const project = this.projects(teamId).find((p) => productionAlias(p) === host)
    const serving = project && this.servingDeployment(project)
    if (serving) return serving
    for (const p of this.projects(teamId)) {
      const env = p.customEnvironments.find((e) => e.domains.includes(host))
      const current = env?.servingDeploymentId ? this.deploymentsById.get(env.servingDeploymentId) : undefined
      if (current) return current
    }
    const aliased = inTeam.filter((d) => d.target === null && d.aliasAssigned && d.alias.includes(host)).sort((a, b) => b.createdAt - a.createdAt)[0]
    if (aliased) return aliased
    throw notFound('The deployment could not be found.')
  }

  servingDeployment(ref: ProjectRef): Deployment | undefined {
    this.advance()
    const id = this.project(ref).servingDeploymentId
    return id ? this.deploymentsById.get(id) : undefined
  }

  /** Instant Rollback: production points at an older build, and auto-promotion stops until a promote. */
  rollback(ref: ProjectRef, deploymentId: string): void {
    const project = this.project(ref)
    const d = this.productionDeploymentOf(project, deploymentId)
    project.lastAliasRequest = this.aliasRequest('rollback', project, d)
    servesProduction(project, d.uid, this.now())
  }

  /** Points production at a READY deployment; this also ends a rolled-back state. */
  promote(ref: ProjectRef, deploymentId: string): void {
    const project = this.project(ref)
    const d = this.productionDeploymentOf(project, deploymentId)
    project.lastAliasRequest = this.aliasRequest('promote', project, d)
    // With Rolling Releases on, a promoted deployment reaches production through the stages.
    if (project.rollingRelease) startRollout(project, d, this.now())
    else assignProduction(d, project, this.now())
  }

  /**
   * Turns rolling releases on, with these stages (the last one at 100%); with a deployment id, that READY
   * production deployment starts rolling out.
   */
  startRollingRelease(ref: ProjectRef, deploymentId?: string, stages?: RollingStage[]): void {
    const project = this.project(ref)
    project.rollingRelease = true
    if (stages) project.rollingStages = stages
    if (deploymentId === undefined) return
    startRollout(project, this.productionDeploymentOf(project, deploymentId), this.now())
  }

  /** The rolling deployment takes all production traffic (POST .../rolling-release/complete). */
  completeRollingRelease(ref: ProjectRef, canaryId?: string): Deployment {
    this.advance()
    return completeRollout(this.project(ref), this.now(), this.byId, canaryId)
  }

  /** A project member approves the next stage (POST .../rolling-release/approve-stage). */
  approveRollingStage(ref: ProjectRef, canaryId?: string): void {
    this.advance()
    approveStage(this.project(ref), this.now(), this.byId, canaryId)
  }

  /** Someone aborts the rollout in Vercel: production stays on what served before. */
  abortRollingRelease(ref: ProjectRef): void {
    this.advance()
    abortRollout(this.project(ref), this.now(), this.byId)
  }

  /** Sets the project's Ignored Build Step command: every redeploy of it is then CANCELED. */
  ignoreBuilds(ref: ProjectRef, command: string | null): void {
    this.project(ref).commandForIgnoringBuildStep = command
  }

  /**
   * How long, in ms up to now, production served a deployment built with a refused value: the time visitors met
   * a wrong value, from the project's production history.
   */
  wrongValueServedMs(ref: ProjectRef): number {
    this.advance()
    const history = this.project(ref).productionHistory
    let total = 0
    history.forEach((h, i) => {
      const d = this.deploymentsById.get(h.deploymentId)
      if (!d || !Object.values(d.env).some((v) => this.rejectedValues.has(v))) return
      total += (history[i + 1]?.at ?? this.now()) - h.at
    })
    return total
  }

  /** GET /v1/projects/{idOrName}/rolling-release. */
  rollingReleaseView(ref: ProjectRef): ReturnType<typeof rolloutView> {
    this.advance()
    return rolloutView(this.project(ref), this.byId)
  }

  private readonly byId = (id: string): Deployment | undefined => this.deploymentsById.get(id)

  /** Replays every build transition due up to now, in time order. */
  advance(): void {
    const now = this.now()
    for (;;) {
      const event = nextBuildEvent(this.active, this.settings, this.cursor)
      if (!event || event.at > now) break
      this.cursor = event.at
      const d = event.deployment
      if (event.kind === 'start') {
        d.readyState = 'BUILDING'
        d.buildingAt = event.at
      } else {
        this.active.delete(d)
        const project = this.project(d.projectId)
        const serving = project.servingDeploymentId ? this.deploymentsById.get(project.servingDeploymentId) : undefined
        endBuild(d, event.at, project, serving, this.teamSlug(project))
      }
    }
    for (const project of this.projectsById.values()) advanceRollout(project, now, this.byId)
    this.cursor = Math.max(this.cursor, now)
  }

  // ---- internals ----

  private teamSlug(project: Project): string {
    return this.teamsById.get(project.accountId)?.slug ?? 'team'
  }

  private newDeployment(
    project: Project,
    target: 'production' | null,
    meta: Record<string, string>,
    gitBranch: string | undefined,
    createdAt: number,
  ): Deployment {
    const uid = randomId('dpl_')
    const d: Deployment = {
      uid,
      name: project.name,
      url: `${project.name}-${randomId('', 9).toLowerCase()}-${this.teamSlug(project)}.vercel.app`,
      projectId: project.id,
      teamId: project.accountId,
      target,
      createdAt,
      readyState: 'QUEUED',
      aliasAssigned: false,
      alias: [],
      meta,
      envSnapshotAt: createdAt,
      env: {},
      visits: 0,
    }
    if (gitBranch !== undefined) {
      d.gitBranch = gitBranch
      d.meta['githubCommitRef'] = gitBranch
    }
    d.env = this.envFor(project, d)
    this.deploymentsById.set(uid, d)
    return d
  }

  private envFor(project: Project, d: Deployment): Record<string, string> {
    const scope = { target: d.target ?? ('preview' as const), gitBranch: d.gitBranch, customEnvironmentId: d.customEnvironmentId }
    return resolveEnv(project, this.sharedEnvs(project.accountId), scope)
  }

  /** Timestamp pagination (`until=<createdAt>`) needs createdAt values that never collide. */
  private uniqueCreatedAt(): number {
    this.lastCreatedAt = Math.max(this.now(), this.lastCreatedAt + 1)
    return this.lastCreatedAt
  }

  private productionDeploymentOf(project: Project, deploymentId: string): Deployment {
    const d = this.deployment(deploymentId)
    if (!d || d.projectId !== project.id) throw notFound('The deployment could not be found.', { deploymentId })
    if (d.readyState !== 'READY') {
      throw badRequest(`Deployment ${deploymentId} is not ready (state: ${d.readyState})`, { deploymentId })
    }
    if (d.target !== 'production') throw badRequest('Only production deployments can serve production', { deploymentId })
    return d
  }

  private aliasRequest(type: 'promote' | 'rollback', project: Project, to: Deployment): Project['lastAliasRequest'] {
    return {
      type,
      jobStatus: 'succeeded',
      fromDeploymentId: project.servingDeploymentId,
      toDeploymentId: to.uid,
      requestedAt: this.now(),
    }
  }
}
