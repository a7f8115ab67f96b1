/** Records held by the emulator. Timestamps are epoch milliseconds, as on Vercel's wire. */

export type EnvType = 'sensitive' | 'encrypted' | 'plain'
export type EnvTarget = 'production' | 'preview' | 'development'
export type ReadyState = 'QUEUED' | 'BUILDING' | 'READY' | 'ERROR' | 'CANCELED'
export type ReadySubstate = 'STAGED' | 'ROLLING' | 'PROMOTED'
/** How an armed build ends instead of READY; HANG keeps it BUILDING (and its build slot) forever. */
export type BuildFailure = 'ERROR' | 'CANCELED' | 'HANG'
/** How Deployment Checks end, as Vercel's deployments list names it (`checksConclusion`). */
export type ChecksConclusion = 'succeeded' | 'failed' | 'canceled' | 'skipped'
/** Vercel's own flags on a record, as its listings name them (a closed enum in the SDK's schemas). */
export type SecurityIssue = 'readable-secret' | 'flags-secret-needs-split'

export interface Team {
  id: string
  slug: string
}

export interface CustomEnvironment {
  id: string
  slug: string
  /** Domains that serve this environment; they follow its newest READY deployment. */
  domains: string[]
  servingDeploymentId: string | null
  createdAt: number
  updatedAt: number
}

/** What a project's deployments are like when visited, and what Vercel does around them. */
export interface ProjectBehaviour {
  /** Vercel Authentication on every deployment URL: a visit needs a valid bypass secret. */
  protection: boolean
  /** "Protection Bypass for Automation" secrets of the project. */
  bypassSecrets: string[]
  /** Skew Protection's maximum age in seconds; undefined when Skew Protection is off. */
  skewProtectionMaxAge?: number
  /** Epoch ms before which deployments have Skew Protection off (Vercel's `skewProtectionBoundaryAt`). */
  skewProtectionBoundaryAt?: number
  /** Deployment Checks on new deployments: how they conclude and how long they run after READY. */
  checks?: { conclusion: ChecksConclusion; durationMs: number }
  /** Visits a fresh deployment answers with 503 before it is warm. */
  coldStartVisits: number
  /** Trusted Sources: repositories whose GitHub Actions OIDC tokens pass Deployment Protection. */
  trustedRepositories?: string[]
  /**
   * A redeploy (a create with a source deployment) ignores `autoAssignCustomDomains: false`: its create answers
   * `autoAssignCustomDomains: true` and, READY, it takes the production domains. No public source says whether
   * Vercel honours the field on a redeploy (the CLI sends it only on fresh deploys), so both are modelled.
   */
  redeployIgnoresStaging?: boolean
}

/** One stage of a rolling release: its share of production traffic, and how it moves on. */
export interface RollingStage {
  targetPercentage: number
  /** The rollout waits at this stage until someone approves the next one. */
  requireApproval?: boolean
  /** How long this stage lasts before the next (absent: it waits, as the final stage does). */
  durationMs?: number
}

/** A project's rolling release in progress or ended. */
export interface Rollout {
  state: 'ACTIVE' | 'COMPLETE' | 'ABORTED'
  canaryId: string
  /** What served production when it started; it keeps the rest of the traffic until COMPLETE. */
  currentId: string | null
  stageIndex: number
  stageStartedAt: number
  startedAt: number
  updatedAt: number
  /** Frozen at the current stage until continued (substate PAUSED): timed stages do not move on. */
  paused?: boolean
  /** A promotion Vercel queued behind this rollout (HTTP 202): it starts rolling out once this one completes. */
  queuedId?: string
}

export interface AliasRequest {
  type: 'promote' | 'rollback'
  jobStatus: 'succeeded'
  fromDeploymentId: string | null
  toDeploymentId: string
  requestedAt: number
}

export interface Project {
  id: string
  name: string
  /** Id of the owning team. */
  accountId: string
  rollingRelease: boolean
  /** The rolling release's stages, the last one at 100%. */
  rollingStages: RollingStage[]
  rollout: Rollout | null
  /** Production auto-assignment; false leaves new production builds STAGED. */
  autoAssign: boolean
  /** The Ignored Build Step command; here it cancels every redeploy (the same commit, nothing changed). */
  commandForIgnoringBuildStep: string | null
  /** "Skip deployments when there are no changes to the root directory and its dependencies" (monorepos). */
  enableAffectedProjectsDeployments: boolean
  servingDeploymentId: string | null
  /** Every change of what serves production, in order: how long each deployment served. */
  productionHistory: { at: number; deploymentId: string }[]
  lastAliasRequest: AliasRequest | null
  customEnvironments: CustomEnvironment[]
  env: ProjectEnv[]
  behaviour: ProjectBehaviour
  createdAt: number
  updatedAt: number
}

export interface ProjectEnv {
  id: string
  key: string
  value: string
  type: EnvType
  target: EnvTarget[]
  gitBranch?: string
  customEnvironmentIds: string[]
  comment?: string
  /** The integration configuration that created the record (Marketplace stores); null on Vercel otherwise. */
  configurationId?: string
  /** What the record holds, for records a store provides (SDK union; the integration variant is modelled). */
  contentHint?: IntegrationContentHint
  /** Vercel's flags on the record; listed by `GET /v10/projects/{id}/env` only. */
  securityIssues: SecurityIssue[]
  createdAt: number
  updatedAt: number
  /** User IDs: who created the record, and who wrote it last (the token's user for API writes). */
  createdBy: string
  updatedBy: string
}

export interface IntegrationContentHint {
  type: 'integration-store-secret'
  storeId: string
  integrationId: string
  integrationProductId: string
  integrationConfigurationId: string
}

/** A Marketplace storage resource, and the projects connected to it. */
export interface Store {
  id: string
  name: string
  ownerId: string
  integrationId: string
  integrationProductId: string
  integrationConfigurationId: string
  /** Variable names without a project's prefix, e.g. DATABASE_URL, PGPASSWORD. */
  secrets: string[]
  connections: StoreConnection[]
  createdAt: number
  updatedAt: number
}

export interface StoreConnection {
  id: string
  projectId: string
  environments: EnvTarget[]
  envVarPrefix: string | null
}

export interface SharedEnv {
  id: string
  key: string
  value: string
  type: EnvType
  target: EnvTarget[]
  /** Linked project ids. */
  projectId: string[]
  customEnvironmentIds: string[]
  /** Applies to every custom environment of the linked projects. */
  applyToAllCustomEnvironments: boolean
  /** Id of the owning team. */
  ownerId: string
  comment?: string
  /** Vercel's flags on the variable; listed by `GET /v1/env` only. */
  securityIssues: SecurityIssue[]
  createdAt: number
  updatedAt: number
  /** User IDs: who created the variable, and who wrote it last (the token's user for API writes). */
  createdBy: string
  updatedBy: string
}

export interface Deployment {
  uid: string
  name: string
  url: string
  projectId: string
  teamId: string
  /** null is a preview deployment, as on Vercel. */
  target: 'production' | null
  createdAt: number
  buildingAt?: number
  ready?: number
  readyState: ReadyState
  readySubstate?: ReadySubstate
  aliasAssigned: boolean
  alias: string[]
  meta: Record<string, string>
  gitBranch?: string
  customEnvironmentId?: string
  sourceDeploymentId?: string
  errorCode?: string
  errorMessage?: string
  /** Why it ended as it did: single reads and creates carry it (`readyStateReason`), listings do not. */
  readyStateReason?: string
  /** The build never ran: the Ignored Build Step said to skip it. */
  buildSkipped?: boolean
  /** A deployment is an immutable snapshot: it keeps the values resolved when it was created. */
  envSnapshotAt: number
  env: Record<string, string>
  /** Armed outcome of the build, decided when the deployment is created. */
  failure?: BuildFailure
  /** The reason Vercel gives for an armed failure (none: it sends none). */
  failureReason?: string
  /** Deployment Checks, fixed when the deployment is created from the project's settings. */
  checks?: { conclusion: ChecksConclusion; durationMs: number }
  /** Visits answered so far (a fresh deployment is cold for the first few). */
  visits: number
  /** false: created staged (`autoAssignCustomDomains: false`); READY, it waits for a promote. Vercel's default is true. */
  autoAssignCustomDomains?: boolean
}

export const productionAlias = (project: Pick<Project, 'name'>): string => `${project.name}.vercel.app`

export const branchAlias = (projectName: string, branch: string, teamSlug: string): string =>
  `${projectName}-git-${branch.replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase()}-${teamSlug}.vercel.app`
