/** The emulator's accounts: its clock, teams and projects, and how each project's deployments behave. */
import { type IdTokenIssuer } from '../oidc.js'
import { DEFAULT_STAGES } from '../rolling.js'
import { forbidden, notFound } from '../errors.js'
import { type CustomEnvironment, type Project, type ProjectBehaviour, type RollingStage, type Team } from '../model.js'
import { randomId } from './ids.js'

/** A project record or its id or name. */
export type ProjectRef = Project | string

export class Accounts {
  /** Source of time; replace it to drive builds from a test. */
  clock: () => number = Date.now
  /**
   * The project listing's form: `full` carries each project as a project read does; `lean` leaves out what only
   * a project read has (the alias history, custom environments, the bypass, Skew Protection), the shorter of the
   * two shapes Vercel's schema allows.
   */
  listing: 'full' | 'lean' = 'full'
  /** The runner's OIDC token service, when the emulator plays it (ACTIONS_ID_TOKEN_REQUEST_URL). */
  oidc: IdTokenIssuer | undefined

  protected readonly teamsById = new Map<string, Team>()
  protected readonly projectsById = new Map<string, Project>()

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
    enableAffectedProjectsDeployments?: boolean
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
      enableAffectedProjectsDeployments: input.enableAffectedProjectsDeployments ?? false,
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

  protected teamSlug(project: Project): string {
    return this.teamsById.get(project.accountId)?.slug ?? 'team'
  }
}
