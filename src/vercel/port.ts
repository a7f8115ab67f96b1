/**
 * The Vercel port: what the rotation needs from Vercel, in the action's own words.
 * `sdk.ts` implements it over @vercel/sdk; tests run it against the local emulator.
 */

export type StandardTarget = 'production' | 'preview' | 'development'
export type RecordType = 'sensitive' | 'encrypted' | 'plain' | 'system' | 'secret'
export type DeploymentState = 'QUEUED' | 'INITIALIZING' | 'BUILDING' | 'READY' | 'ERROR' | 'CANCELED' | 'BLOCKED' | 'DELETED'

/** One env record of a project: a key for some targets (and maybe one git branch or custom environments). */
export interface EnvRecord {
  id: string
  key: string
  type: RecordType
  target: StandardTarget[]
  customEnvironmentIds: string[]
  gitBranch?: string
  /** Epoch ms of the last write. */
  updatedAt?: number
  /** Set when a Marketplace integration or a storage resource created and manages the record. */
  managedBy?: Integration
  /** The record's comment as Vercel holds it, rotation stamp included. */
  comment?: string
  /** Epoch ms the record was created. */
  createdAt?: number
  /** The user ID that created the record, and the one that edited it last, as Vercel lists them. */
  createdBy?: string
  updatedBy?: string
  /** Vercel's own flags on the record (e.g. `readable-secret`); undefined when the answer left the field out. */
  securityIssues?: string[]
}

/** Who manages an integration-created record, from its `configurationId` and `contentHint`. */
export interface Integration {
  configurationId?: string
  integrationId?: string
  productId?: string
  storeId?: string
}

/** A project connected to a Marketplace storage resource, and the variables the store provides it. */
export interface StoreConnection {
  projectId: string
  name: string
  /** Environments the connection applies to (`production`, `preview`, `development`). */
  environments: string[]
  /** The keys the store provides this project (the project's prefix already applied). */
  keys: string[]
}

export interface Store {
  /** As the user named it. */
  ref: string
  connections: StoreConnection[]
}

/** A team's project from the listing, with what the listing carries of it. */
export interface ListedProject {
  id: string
  name: string
  /** The project's own env records as listed (without values); undefined when the listing left them out. */
  envs?: EnvRecord[]
  /**
   * The project as a project read returns it, when the listing carried Vercel's full project view (its alias
   * history included); undefined means "read the project itself".
   */
  project?: Project
}

/** A team-level (shared) variable record, linked to projects. */
export interface SharedVariable {
  id: string
  key: string
  type: RecordType
  target: StandardTarget[]
  customEnvironmentIds: string[]
  /** The shared variable applies to every custom environment of its linked projects. */
  applyToAllCustomEnvironments: boolean
  projectIds: string[]
  updatedAt?: number
  /** The variable's comment as Vercel holds it, rotation stamp included. */
  comment?: string
  /** Epoch ms the variable was created. */
  createdAt?: number
  createdBy?: string
  updatedBy?: string
  /** Who edited it last, by the name Vercel shows (`lastEditedByDisplayName`: full name or username). */
  lastEditedBy?: string
  /** Vercel's own flags on the variable (e.g. `readable-secret`); undefined when the answer left the field out. */
  securityIssues?: string[]
}

export interface Deployment {
  id: string
  url: string
  projectId: string
  name: string
  createdAt: number
  state: DeploymentState
  /** When READY: STAGED (never served), ROLLING (rolling release in progress) or PROMOTED. */
  substate?: 'STAGED' | 'ROLLING' | 'PROMOTED'
  aliasAssigned: boolean
  /** `production`, `preview`, or a custom environment's slug. */
  target: string
  branch?: string
  customEnvironmentId?: string
  meta: Record<string, string>
  /** Vercel's message for a failed or canceled deployment (listings, reads, creates). */
  errorMessage?: string
  /** Why it is in its state (single reads and creates only), e.g. what canceled it. */
  readyStateReason?: string
  /** Epoch ms the build became READY. */
  readyAt?: number
  /** Vercel Deployment Checks: `registered`/`running` while they run, then `completed` with a conclusion. */
  checksState?: string
  checksConclusion?: string
  /** Vercel's page for this deployment (build logs, checks), as Vercel reports it: addressed by the team's slug. */
  inspectorUrl?: string
  /**
   * Whether it takes the production domains when READY, as Vercel answered (the create's answer carries it):
   * false is a staged build. Undefined when Vercel left it out.
   */
  autoAssignCustomDomains?: boolean
}

export interface Project {
  id: string
  name: string
  /** The deployment serving production now (after an Instant Rollback, not the newest one). */
  servingProduction?: Deployment
  /** Production sits on an Instant Rollback: Vercel does not promote new production builds by itself. */
  rolledBack: boolean
  rollingRelease: boolean
  /** The project's own env records when Vercel includes them in the project; undefined means "ask". */
  envs?: EnvRecord[]
  /** Custom environments with their domains, when Vercel includes them in the project; undefined means "ask". */
  customEnvironments?: CustomEnvironment[]
  /** The project's own "Protection Bypass for Automation" secret, when the read returns one (already masked). */
  protectionBypass?: string
  /**
   * Which deployment URLs Deployment Protection (Vercel Authentication, Password Protection) covers: those of
   * production deployments, and those of previews and custom environments. Undefined when the read did not say.
   */
  protection?: { production: boolean; preview: boolean }
  /** A Trusted Sources rule for OIDC tokens exists (true) or not (false); undefined when the read did not say. */
  trustedSources?: boolean
  /** Skew Protection's maximum age in ms: older deployments stay reachable this long for clients pinned to them. */
  skewMaxAgeMs?: number
  /** Epoch ms before which deployments have Skew Protection off (`skewProtectionBoundaryAt`). */
  skewBoundaryAt?: number
  /** The Ignored Build Step command (`commandForIgnoringBuildStep`): it may cancel a redeploy of the same commit. */
  ignoreCommand?: string
  /** `enableAffectedProjectsDeployments`: Vercel skips a deployment when nothing under the root directory changed. */
  skipsUnaffected?: boolean
}

/** A project's rolling release as Vercel reports it (`GET /v1/projects/{id}/rolling-release`). */
export interface RollingRelease {
  state: 'ACTIVE' | 'COMPLETE' | 'ABORTED'
  /** The new deployment being rolled out. */
  canaryDeploymentId?: string
  /** The deployment taking the rest of production traffic. */
  currentDeploymentId?: string
  activeStage?: { index: number; targetPercentage: number; requireApproval: boolean; isFinalStage: boolean }
  /** How many stages the rollout has. */
  stageCount: number
  /** PAUSED: the rollout is frozen at its current stage until someone continues it. */
  substate?: string
  /** A promotion Vercel queued behind this rollout (HTTP 202): it begins once this one completes. */
  queuedDeploymentId?: string
}

/** How a health check gets past Deployment Protection. */
export type ProbeAuth = { bypass: string } | { oidcToken: string } | undefined

export interface CustomEnvironment {
  id: string
  slug: string
  /** Host names that serve this environment (its domains, then the aliases of its current deployment). */
  domains?: string[]
}

/** What a deployment answered to one health-check request. */
export type ProbeResult = { status: number } | { error: string }

export interface NewRecord {
  key: string
  value: string
  type: 'sensitive' | 'encrypted'
  target: StandardTarget[]
  customEnvironmentIds: string[]
  comment?: string
}

/** One shared variable's part of an update: its new value, and its comment where that changes too. */
export interface SharedUpdate {
  id: string
  value: string
  comment?: string
}

export interface DeploymentQuery {
  projectIds: string[]
  /**
   * List the team's deployments without a project filter (`projectIds` then only says whose are wanted): one
   * paged listing instead of a request per 20 projects, for a read that `since` bounds to this run's builds.
   */
  wholeTeam?: boolean
  /** Only deployments created at or after this epoch ms. */
  since?: number
  /** Only deployments created before this epoch ms (Vercel's `until`; pages go on from there). */
  until?: number
  target?: 'production' | 'preview'
  /** Only deployments in one of these states (`readyState`). */
  states?: string[]
  /** Stop paging after this many deployments. */
  max?: number
}

/**
 * Carried by the error of a create that Vercel refused for the account's deployment quota (HTTP 402, or an
 * `api-deployments-*` limit such as Hobby's 100 a day): no further create can succeed until it resets.
 */
export interface QuotaRefusal {
  /** Vercel's code, e.g. `api-deployments-free-per-day`. */
  code: string
  /** Epoch ms the quota resets, when Vercel says. */
  resetAt?: number
}

/** One record a write puts a value in, as the value tag binds it. */
export interface TaggedValue {
  recordId: string
  key: string
  value: string
}

export interface VercelPort {
  listProjectEnvs(project: string): Promise<EnvRecord[]>
  /**
   * Writes a new value into one record, and its comment in the same request when one is given. Never sends the key
   * (Vercel refuses it for sensitive records).
   */
  updateProjectEnv(projectId: string, record: EnvRecord, value: string, comment?: string): Promise<EnvRecord>
  createProjectEnv(projectId: string, record: NewRecord): Promise<EnvRecord[]>
  customEnvironments(project: string): Promise<CustomEnvironment[]>
  /** The shared variables whose key is exactly `key`. */
  findSharedVariables(key: string): Promise<SharedVariable[]>
  /** Every shared variable of the team, each once, with its linked projects: the listing read to its end, no value decrypted. */
  listSharedVariables(): Promise<SharedVariable[]>
  /** One update keyed by variable ID, each with its own value (and comment, where given); a failed[] entry throws. */
  updateSharedVariables(updates: SharedUpdate[]): Promise<SharedVariable[]>
  getProject(project: string): Promise<Project>
  /** The team's projects, most recently updated first, in pages of 100; the caller may stop early. */
  projectPages(): AsyncIterable<ListedProject[]>
  /** A Marketplace storage resource and the projects connected to it. */
  getStore(idOrName: string): Promise<Store>
  /** Rebuilds `source` as a new deployment of the same target; never repeated blindly after an ambiguous failure. */
  redeploy(source: Deployment, meta: Record<string, string>, o?: { staged?: boolean }): Promise<Deployment>
  listDeployments(query: DeploymentQuery): Promise<Deployment[]>
  /** `queued`: Vercel answered 202, the promotion waits behind the project's active rolling release. */
  promote(projectId: string, deploymentId: string): Promise<{ queued: boolean }>
  /** Instant Rollback: production points at an older deployment again. */
  rollback(projectId: string, deploymentId: string): Promise<void>
  /** The deployment a host name (a domain or alias) serves now; undefined when it serves none. */
  deploymentAt(host: string): Promise<Deployment | undefined>
  /** One GET of a deployment's own URL, with the Deployment Protection bypass or OIDC header when given. Never throws. */
  probe(url: string, auth?: ProbeAuth): Promise<ProbeResult>
  /** The project's current rolling release; undefined when it has none. */
  rollingRelease(projectId: string): Promise<RollingRelease | undefined>
  /** Sends every remaining stage of the rollout of `canaryDeploymentId` at once. */
  completeRollingRelease(projectId: string, canaryDeploymentId: string): Promise<void>
  /**
   * A tag of the values one write of this workflow run puts into these records, keyed with the token: equal tags
   * mean equal values, and nobody without the token can compute one. Sends nothing.
   */
  valueTag(runId: string, values: TaggedValue[]): string
}
