/**
 * Vercel's wire shapes -> the port's types. Reads fields defensively: the same objects arrive parsed by the
 * SDK or, when its schema lags behind Vercel, as raw JSON.
 */
import type {
  CustomEnvironment,
  Deployment,
  DeploymentState,
  EnvRecord,
  Integration,
  ListedProject,
  Project,
  RecordType,
  RollingRelease,
  SharedVariable,
  StandardTarget,
  StoreConnection,
} from './port.js'

type Obj = Record<string, unknown>
const STANDARD = new Set(['production', 'preview', 'development'])

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : v instanceof Date ? v.getTime() : undefined)
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [])

function targets(v: unknown): StandardTarget[] {
  return strings(v).filter((t): t is StandardTarget => STANDARD.has(t))
}

export function toEnvRecord(raw: unknown): EnvRecord {
  const o = (raw ?? {}) as Obj
  return {
    id: str(o.id) ?? '',
    key: str(o.key) ?? '',
    type: (str(o.type) ?? 'encrypted') as RecordType,
    target: targets(o.target),
    customEnvironmentIds: strings(o.customEnvironmentIds),
    gitBranch: str(o.gitBranch),
    updatedAt: num(o.updatedAt),
    ...(typeof o.comment === 'string' ? { comment: o.comment } : {}),
    ...managedBy(o),
    ...authorship(o),
  }
}

/** When a record was created, who created and last edited it, and Vercel's flags on it: metadata, never the value. */
function authorship(o: Obj): Pick<EnvRecord, 'createdAt' | 'createdBy' | 'updatedBy' | 'securityIssues'> {
  const createdAt = num(o.createdAt)
  const createdBy = str(o.createdBy)
  const updatedBy = str(o.updatedBy)
  return {
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(createdBy ? { createdBy } : {}),
    ...(updatedBy ? { updatedBy } : {}),
    ...(Array.isArray(o.securityIssues) ? { securityIssues: strings(o.securityIssues) } : {}),
  }
}

/** A record is managed when an integration configuration created it, or a storage resource provides it. */
function managedBy(o: Obj): { managedBy?: Integration } {
  const hint = (o.contentHint && typeof o.contentHint === 'object' ? o.contentHint : {}) as Obj
  const m: Integration = {
    configurationId: str(o.configurationId) ?? str(hint.integrationConfigurationId),
    integrationId: str(hint.integrationId),
    productId: str(hint.integrationProductId),
    storeId: str(hint.storeId),
  }
  const set = Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as Integration
  return Object.keys(set).length > 0 ? { managedBy: set } : {}
}

/**
 * A project of the team's listing. Vercel's schema allows each listed project in a full and in a lean form; only
 * the full one names the alias history (`lastAliasRequest`, null when there is none), and only then does the
 * listed project stand for a project read: the lean form leaves out the rollback state, the bypass and Skew
 * Protection.
 */
export function toListedProject(raw: unknown): ListedProject {
  const o = (raw ?? {}) as Obj
  const id = str(o.id) ?? ''
  const full = 'lastAliasRequest' in o && 'targets' in o && Array.isArray(o.env)
  return { id, name: str(o.name) ?? id, envs: Array.isArray(o.env) ? o.env.map(toEnvRecord) : undefined, ...(full ? { project: toProject(o) } : {}) }
}

export function toStoreConnection(raw: unknown): StoreConnection {
  const o = (raw ?? {}) as Obj
  const projectId = str(o.projectId) ?? ''
  return { projectId, name: str(o.name) ?? projectId, environments: strings(o.environments), keys: strings(o.environmentVariables) }
}

export function toSharedVariable(raw: unknown): SharedVariable {
  const o = (raw ?? {}) as Obj
  return {
    id: str(o.id) ?? '',
    key: str(o.key) ?? '',
    // Vercel: "if blank, assume secret".
    type: (str(o.type) ?? 'sensitive') as RecordType,
    target: targets(o.target),
    customEnvironmentIds: strings(o.customEnvironmentIds),
    applyToAllCustomEnvironments: o.applyToAllCustomEnvironments === true,
    projectIds: strings(o.projectId),
    updatedAt: num(o.updatedAt),
    ...(typeof o.comment === 'string' ? { comment: o.comment } : {}),
    ...authorship(o),
    ...(str(o.lastEditedByDisplayName) ? { lastEditedBy: str(o.lastEditedByDisplayName) } : {}),
  }
}

function targetOf(o: Obj): string {
  const t = str(o.target)
  if (t) return t
  const custom = (o.customEnvironment ?? {}) as Obj
  return str(custom.slug) ?? str(custom.id) ?? 'preview'
}

/** A deployment from the list, a get, a create or a project's `targets`. */
export function toDeployment(raw: unknown, known: { projectId?: string; name?: string } = {}): Deployment {
  const o = (raw ?? {}) as Obj
  const meta = (o.meta && typeof o.meta === 'object' ? o.meta : {}) as Record<string, string>
  const custom = (o.customEnvironment ?? {}) as Obj
  return {
    id: str(o.uid) ?? str(o.id) ?? '',
    url: str(o.url) ?? '',
    projectId: str(o.projectId) ?? known.projectId ?? '',
    name: str(o.name) ?? known.name ?? '',
    createdAt: num(o.createdAt) ?? num(o.created) ?? 0,
    state: (str(o.readyState) ?? str(o.state) ?? 'QUEUED') as DeploymentState,
    substate: str(o.readySubstate) as Deployment['substate'],
    aliasAssigned: Boolean(o.aliasAssigned),
    target: targetOf(o),
    branch: str(meta.githubCommitRef) ?? str(meta.gitlabCommitRef) ?? str(meta.bitbucketCommitRef),
    customEnvironmentId: str(custom.id),
    meta,
    errorMessage: str(o.errorMessage),
    readyStateReason: str(o.readyStateReason),
    readyAt: num(o.ready) ?? num(o.readyAt),
    checksState: str(o.checksState),
    checksConclusion: str(o.checksConclusion),
    inspectorUrl: str(o.inspectorUrl),
    ...(typeof o.autoAssignCustomDomains === 'boolean' ? { autoAssignCustomDomains: o.autoAssignCustomDomains } : {}),
  }
}

export function toCustomEnvironment(raw: unknown): CustomEnvironment {
  const o = (raw ?? {}) as Obj
  const domains = Array.isArray(o.domains) ? o.domains.map((d) => str((d as Obj)?.name)).filter((d): d is string => !!d) : []
  return { id: str(o.id) ?? '', slug: str(o.slug) ?? '', domains: [...new Set([...domains, ...strings(o.currentDeploymentAliases)])] }
}

/** The automation bypass secret Vercel sets as an env var on deployments, else the first automation one. */
function automationBypass(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined
  const entries = Object.entries(v as Record<string, Obj>).filter(([, b]) => b?.scope === 'automation-bypass')
  return (entries.find(([, b]) => b.isEnvVar !== false) ?? entries[0])?.[0]
}

/**
 * The deployment URLs each of Vercel's protection `deploymentType`s covers. Health checks fetch deployment URLs,
 * never custom domains, so only `preview` (legacy "Only Preview Deployments") leaves production's open. Custom
 * environments are not production: they count with previews.
 */
const COVERS: Record<string, { production: boolean; preview: boolean }> = {
  all: { production: true, preview: true },
  all_except_custom_domains: { production: true, preview: true },
  prod_deployment_urls_and_all_previews: { production: true, preview: true },
  preview: { production: false, preview: true },
}

/** Deployment Protection on the project's deployment URLs; undefined when the read carries neither setting. */
function protectionOf(o: Obj): Project['protection'] {
  if (!('ssoProtection' in o) && !('passwordProtection' in o)) return undefined
  const on = [o.ssoProtection, o.passwordProtection].filter((l): l is Obj => !!l && typeof l === 'object')
  // A setting whose coverage cannot be read is taken to cover everything: a refusal names the ways through.
  const covers = on.map((l) => COVERS[str(l.deploymentType) ?? ''] ?? COVERS.all!)
  return { production: covers.some((c) => c.production), preview: covers.some((c) => c.preview) }
}

/** Whether Trusted Sources holds an OIDC rule; undefined when the read left the setting out. */
function trustedSourcesOf(o: Obj): boolean | undefined {
  if (!('trustedSources' in o)) return undefined
  const providers = ((o.trustedSources ?? {}) as Obj).oidcProviders
  return !!providers && typeof providers === 'object' && Object.values(providers).some((rules) => Array.isArray(rules) && rules.length > 0)
}

export function toProject(raw: unknown): Project {
  const o = (raw ?? {}) as Obj
  const id = str(o.id) ?? ''
  const name = str(o.name) ?? id
  const production = ((o.targets ?? {}) as Obj).production
  const last = (o.lastAliasRequest ?? null) as Obj | null
  return {
    id,
    name,
    servingProduction: production ? toDeployment(production, { projectId: id, name }) : undefined,
    rolledBack: last?.type === 'rollback',
    rollingRelease: Boolean(o.rollingRelease),
    ignoreCommand: str(o.commandForIgnoringBuildStep),
    skipsUnaffected: o.enableAffectedProjectsDeployments === true,
    envs: Array.isArray(o.env) ? o.env.map(toEnvRecord) : undefined,
    customEnvironments: Array.isArray(o.customEnvironments) ? o.customEnvironments.map(toCustomEnvironment) : undefined,
    protectionBypass: automationBypass(o.protectionBypass),
    protection: protectionOf(o),
    trustedSources: trustedSourcesOf(o),
    // Vercel stores the maximum age in seconds.
    skewMaxAgeMs: num(o.skewProtectionMaxAge) ? num(o.skewProtectionMaxAge)! * 1000 : undefined,
    // Already epoch ms, "to match createdAt fields".
    skewBoundaryAt: num(o.skewProtectionBoundaryAt),
  }
}

/** A project's rolling release (`GET /v1/projects/{id}/rolling-release`); undefined when it has none. */
export function toRollingRelease(raw: unknown): RollingRelease | undefined {
  const o = ((raw ?? {}) as Obj).rollingRelease as Obj | null | undefined
  if (!o) return undefined
  const stage = (o.activeStage ?? null) as Obj | null
  const id = (v: unknown) => str(((v ?? {}) as Obj).id)
  return {
    state: (str(o.state) ?? 'ACTIVE') as RollingRelease['state'],
    canaryDeploymentId: id(o.canaryDeployment),
    currentDeploymentId: id(o.currentDeployment),
    ...(stage
      ? {
          activeStage: {
            index: num(stage.index) ?? 0,
            targetPercentage: num(stage.targetPercentage) ?? 0,
            requireApproval: Boolean(stage.requireApproval),
            isFinalStage: Boolean(stage.isFinalStage),
          },
        }
      : {}),
    stageCount: Array.isArray(o.stages) ? o.stages.length : 0,
    substate: str(o.substate),
    queuedDeploymentId: str(o.queuedDeploymentId),
  }
}
