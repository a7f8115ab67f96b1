/**
 * Deployments on a build clock: seeded history, API creates (with the daily quota and armed failures), the queries
 * the API answers, and `advance()`, which replays every build transition and rollout stage due up to now.
 */
import { assignCustomEnvironment, assignPreview, assignProduction, endBuild } from '../aliasing.js'
import { advanceRollout } from '../rolling.js'
import { nextBuildEvent, type BuildSettings } from '../builds.js'
import { queryDeployments, type DeploymentFilter } from '../deployment-query.js'
import { badRequest, notFound } from '../errors.js'
import { productionAlias, type BuildFailure, type Deployment, type Project, type ReadyState, type ReadySubstate } from '../model.js'
import { takeDeploymentQuota } from '../quota.js'
import { resolveEnv } from '../resolve-env.js'
import type { ProjectRef } from './accounts.js'
import { EnvRecords } from './env-records.js'
import { randomId } from './ids.js'

export interface StateOptions extends Partial<BuildSettings> {
  /** Deployments a team may create through the API per rolling 24 h (Vercel's Hobby quota is 100). */
  deploymentQuota?: number
}

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
  /** Its Deployment Checks (they run from READY for `durationMs`, then conclude). */
  checks?: Deployment['checks']
}

export interface CreateDeploymentInput {
  target: 'production' | null
  meta?: Record<string, string>
  source?: Deployment
  customEnvironmentId?: string
  /** false: staged, as `vercel deploy --prod --skip-domain` asks. */
  autoAssignCustomDomains?: boolean
}

export class Deployments extends EnvRecords {
  readonly settings: BuildSettings
  deploymentQuota: number | undefined
  protected readonly deploymentsById = new Map<string, Deployment>()
  /** Deployments still QUEUED or BUILDING. */
  protected readonly active = new Set<Deployment>()
  protected readonly armedBuildFailures = new Map<string, { failure: BuildFailure; reason?: string }[]>()
  /** createdAt of deployments created through the API, per team, for the daily quota. */
  protected readonly apiCreations = new Map<string, number[]>()
  protected cursor = -Infinity
  protected lastCreatedAt = -Infinity

  constructor(options: StateOptions = {}) {
    super()
    this.settings = {
      buildMs: options.buildMs ?? 200,
      queueMs: options.queueMs ?? 0,
      concurrentBuilds: options.concurrentBuilds ?? Infinity,
    }
    this.deploymentQuota = options.deploymentQuota
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
    if (input.checks) d.checks = { ...input.checks }
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
    const ignored = input.source !== undefined && project.behaviour.redeployIgnoresStaging === true
    if (input.autoAssignCustomDomains === false && !ignored) d.autoAssignCustomDomains = false
    if (input.customEnvironmentId) {
      d.customEnvironmentId = input.customEnvironmentId
      d.env = this.envFor(project, d)
    }
    const armed = this.armedBuildFailures.get(project.id)?.shift()
    if (armed) Object.assign(d, { failure: armed.failure }, armed.reason !== undefined ? { failureReason: armed.reason } : {})
    if (project.behaviour.checks) d.checks = { ...project.behaviour.checks }
    this.active.add(d)
    return d
  }

  /**
   * PATCH /v12/deployments/{id}/cancel: a deployment still QUEUED or BUILDING stops there, CANCELED; one that has
   * finished cannot be canceled. Vercel's `errorMessage` for a cancel is not published, so none is set.
   */
  cancelDeployment(teamId: string, id: string): Deployment {
    const d = this.findDeployment(teamId, id)
    if (d.readyState !== 'QUEUED' && d.readyState !== 'BUILDING') {
      throw badRequest(`The deployment cannot be canceled: it is ${d.readyState}`, { deploymentId: d.uid })
    }
    this.active.delete(d)
    d.readyState = 'CANCELED'
    return d
  }

  /**
   * DELETE /v9/projects/{idOrName}: the project goes with its deployments and records, and shared variables stop
   * linking it.
   */
  deleteProject(ref: ProjectRef, teamId: string): void {
    this.advance()
    const project = this.project(ref, teamId)
    for (const d of this.deployments(project)) {
      this.active.delete(d)
      this.deploymentsById.delete(d.uid)
    }
    for (const s of this.sharedEnvs(project.accountId)) s.projectId = s.projectId.filter((id) => id !== project.id)
    this.projectsById.delete(project.id)
  }

  /**
   * Arms the next deployment created for this project to end in ERROR or CANCELED, or to build forever; `reason`
   * is what Vercel then says (`errorMessage`, `readyStateReason`). A CANCELED one without a reason gets none.
   */
  failNextBuild(ref: ProjectRef, failure: BuildFailure, reason?: string): void {
    const id = this.project(ref).id
    this.armedBuildFailures.set(id, [...(this.armedBuildFailures.get(id) ?? []), { failure, reason }])
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

  protected readonly byId = (id: string): Deployment | undefined => this.deploymentsById.get(id)

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

  protected newDeployment(
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

  protected envFor(project: Project, d: Deployment): Record<string, string> {
    const scope = { target: d.target ?? ('preview' as const), gitBranch: d.gitBranch, customEnvironmentId: d.customEnvironmentId }
    return resolveEnv(project, this.sharedEnvs(project.accountId), scope)
  }

  /** Timestamp pagination (`until=<createdAt>`) needs createdAt values that never collide. */
  protected uniqueCreatedAt(): number {
    this.lastCreatedAt = Math.max(this.now(), this.lastCreatedAt + 1)
    return this.lastCreatedAt
  }
}
