/**
 * JSON views of the records, shaped so that @vercel/sdk's response schemas accept them. Several SDK responses
 * are unions parsed by "most populated fields wins"; the deployment views therefore carry every field of the
 * full variant, or the SDK would settle on a reduced one and silently drop `url`, `alias` and `meta`.
 */
import { GITHUB_ISSUER } from './oidc.js'
import type { CustomEnvironment, Deployment, Project, ProjectEnv, SharedEnv, Team } from './model.js'
import { productionAlias } from './model.js'
import { CREATOR, displayName } from './users.js'

export { CREATOR } from './users.js'

/** The creator object deployments carry: the token's user. */
const creator = { uid: CREATOR.uid, username: CREATOR.username, email: CREATOR.email }

/** Write-only values read back as ""; readable-but-encrypted ones as an opaque token, unless decrypted. */
function visibleValue(type: ProjectEnv['type'], value: string, decrypt: boolean): string {
  if (type === 'sensitive') return ''
  if (type === 'encrypted' && !decrypt) return `eyJ2IjoiMSJ9.${Buffer.from(value).toString('base64url')}`
  return value
}

export function envView(e: ProjectEnv, decrypt = false): Record<string, unknown> {
  return {
    id: e.id,
    key: e.key,
    value: visibleValue(e.type, e.value, decrypt),
    type: e.type,
    target: e.target,
    ...(e.gitBranch !== undefined ? { gitBranch: e.gitBranch } : {}),
    customEnvironmentIds: e.customEnvironmentIds,
    ...(e.comment !== undefined ? { comment: e.comment } : {}),
    configurationId: e.configurationId ?? null,
    ...(e.contentHint ? { contentHint: e.contentHint } : {}),
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    createdBy: e.createdBy,
    updatedBy: e.updatedBy,
    decrypted: decrypt && e.type !== 'sensitive',
  }
}

/** An item of `GET /v10/projects/{id}/env`: the one record view whose schema carries Vercel's `securityIssues`. */
export function envListView(e: ProjectEnv, decrypt = false): Record<string, unknown> {
  return { ...envView(e, decrypt), securityIssues: e.securityIssues }
}

export function sharedEnvView(s: SharedEnv): Record<string, unknown> {
  return {
    id: s.id,
    key: s.key,
    value: visibleValue(s.type, s.value, false),
    type: s.type,
    target: s.target,
    projectId: s.projectId,
    customEnvironmentIds: s.customEnvironmentIds,
    applyToAllCustomEnvironments: s.applyToAllCustomEnvironments,
    ownerId: s.ownerId,
    ...(s.comment !== undefined ? { comment: s.comment } : {}),
    decrypted: false,
    created: new Date(s.createdAt).toISOString(),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    createdBy: s.createdBy,
    updatedBy: s.updatedBy,
    ...(displayName(s.updatedBy) ? { lastEditedByDisplayName: displayName(s.updatedBy) } : {}),
  }
}

/** An item of `GET /v1/env`: its schema, unlike the update's answer, carries Vercel's `securityIssues` (required). */
export function sharedEnvListView(s: SharedEnv): Record<string, unknown> {
  return { ...sharedEnvView(s), securityIssues: s.securityIssues }
}

const inspectorUrl = (d: Deployment, team: Team): string => `https://vercel.com/${team.slug}/${d.name}/${d.uid.replace(/^dpl_/, '')}`

/** Deployment Checks as Vercel reports them at `now`: registered while building, running after READY, then done. */
function checksView(d: Deployment, now: number): Record<string, unknown> {
  if (!d.checks) return {}
  if (d.readyState !== 'READY' || d.ready === undefined) return { checksState: 'registered' }
  if (now < d.ready + d.checks.durationMs) return { checksState: 'running' }
  return { checksState: 'completed', checksConclusion: d.checks.conclusion }
}

const customEnvironmentOf = (d: Deployment, project: Project | undefined): Record<string, unknown> => {
  if (d.customEnvironmentId === undefined) return {}
  const env = project?.customEnvironments.find((e) => e.id === d.customEnvironmentId)
  return { customEnvironment: { id: d.customEnvironmentId, ...(env ? { slug: env.slug } : {}) } }
}

/** An item of GET /v7/deployments. */
export function deploymentListItem(d: Deployment, team: Team, now = Date.now(), project?: Project): Record<string, unknown> {
  return {
    ...checksView(d, now),
    ...customEnvironmentOf(d, project),
    uid: d.uid,
    name: d.name,
    url: d.url,
    created: d.createdAt,
    createdAt: d.createdAt,
    ...(d.buildingAt !== undefined ? { buildingAt: d.buildingAt } : {}),
    ...(d.ready !== undefined ? { ready: d.ready } : {}),
    projectId: d.projectId,
    state: d.readyState,
    readyState: d.readyState,
    ...(d.readySubstate !== undefined ? { readySubstate: d.readySubstate } : {}),
    target: d.target,
    type: 'LAMBDAS',
    source: 'redeploy',
    creator,
    inspectorUrl: inspectorUrl(d, team),
    meta: d.meta,
    aliasAssigned: d.aliasAssigned,
    aliasError: null,
    ...(d.errorCode !== undefined ? { errorCode: d.errorCode } : {}),
    ...(d.errorMessage !== undefined ? { errorMessage: d.errorMessage } : {}),
    isRollbackCandidate: d.target === 'production' && d.readyState === 'READY',
  }
}

/** GET /v13/deployments/{id} and POST /v13/deployments: the owner's full view. */
export function deploymentView(d: Deployment, team: Team, now = Date.now()): Record<string, unknown> {
  return {
    ...checksView(d, now),
    id: d.uid,
    name: d.name,
    url: d.url,
    projectId: d.projectId,
    ownerId: team.id,
    team: { id: team.id, name: team.slug, slug: team.slug },
    createdAt: d.createdAt,
    createdIn: 'iad1',
    buildingAt: d.buildingAt ?? d.createdAt,
    bootedAt: d.createdAt,
    ...(d.ready !== undefined ? { ready: d.ready } : {}),
    readyState: d.readyState,
    status: d.readyState,
    ...(d.readySubstate !== undefined ? { readySubstate: d.readySubstate } : {}),
    target: d.target,
    alias: d.alias,
    aliasAssigned: d.aliasAssigned,
    aliasAssignedAt: d.aliasAssigned ? (d.ready ?? d.createdAt) : null,
    aliasError: null,
    // "applies to custom domains only, defaults to `true`" (the SDK's create and get response bodies).
    autoAssignCustomDomains: d.autoAssignCustomDomains ?? true,
    automaticAliases: [d.url],
    meta: d.meta,
    ...(d.errorCode !== undefined ? { errorCode: d.errorCode } : {}),
    ...(d.errorMessage !== undefined ? { errorMessage: d.errorMessage } : {}),
    ...(d.readyStateReason !== undefined ? { readyStateReason: d.readyStateReason } : {}),
    type: 'LAMBDAS',
    version: 2,
    public: false,
    plan: 'pro',
    regions: ['iad1'],
    creator,
    inspectorUrl: inspectorUrl(d, team),
    isInConcurrentBuildsQueue: d.readyState === 'QUEUED',
    isInSystemBuildsQueue: false,
    buildSkipped: d.buildSkipped ?? false,
    build: { env: [] },
    env: [],
    routes: null,
    functions: null,
    gitRepo: null,
    projectSettings: { framework: null, nodeVersion: '22.x' },
    source: 'redeploy',
  }
}

/** The deployment objects embedded in a project (`targets.production`, `latestDeployments`). */
export function projectDeploymentView(d: Deployment, team: Team, now = Date.now()): Record<string, unknown> {
  return {
    ...checksView(d, now),
    id: d.uid,
    name: d.name,
    url: d.url,
    deploymentHostname: d.url.replace(/\.vercel\.app$/, ''),
    createdAt: d.createdAt,
    createdIn: 'iad1',
    ...(d.buildingAt !== undefined ? { buildingAt: d.buildingAt } : {}),
    ...(d.ready !== undefined ? { readyAt: d.ready } : {}),
    readyState: d.readyState,
    ...(d.readySubstate !== undefined ? { readySubstate: d.readySubstate } : {}),
    target: d.target,
    alias: d.alias,
    aliasAssigned: d.aliasAssigned,
    aliasError: null,
    automaticAliases: [d.url],
    meta: d.meta,
    creator,
    plan: 'pro',
    private: true,
    type: 'LAMBDAS',
    teamId: team.id,
  }
}

export function projectView(
  project: Project,
  team: Team,
  deployments: { serving: Deployment | undefined; latest: Deployment[] },
  decrypt = false,
  now = Date.now(),
): Record<string, unknown> {
  const serving = deployments.serving && projectDeploymentView(deployments.serving, team, now)
  return {
    id: project.id,
    name: project.name,
    accountId: project.accountId,
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
    framework: null,
    nodeVersion: '22.x',
    directoryListing: false,
    autoAssignCustomDomains: project.autoAssign,
    alias: [
      {
        domain: productionAlias(project),
        environment: 'production',
        target: 'PRODUCTION',
        deployment: serving ?? null,
        createdAt: project.createdAt,
      },
    ],
    defaultResourceConfig: { functionDefaultRegions: ['iad1'] },
    resourceConfig: { functionDefaultRegions: ['iad1'] },
    deploymentExpiration: { expirationDays: 180 },
    env: project.env.map((e) => envView(e, decrypt)),
    customEnvironments: project.customEnvironments.map((c) => customEnvironmentView(c, project)),
    ...(project.behaviour.bypassSecrets.length
      ? {
          protectionBypass: Object.fromEntries(
            project.behaviour.bypassSecrets.map((secret) => [
              secret,
              { createdAt: project.createdAt, createdBy: CREATOR.uid, scope: 'automation-bypass' },
            ]),
          ),
        }
      : {}),
    ssoProtection: project.behaviour.protection ? { deploymentType: 'all' } : null,
    ...(project.behaviour.skewProtectionMaxAge !== undefined ? { skewProtectionMaxAge: project.behaviour.skewProtectionMaxAge } : {}),
    ...(project.behaviour.skewProtectionBoundaryAt !== undefined ? { skewProtectionBoundaryAt: project.behaviour.skewProtectionBoundaryAt } : {}),
    targets: { production: serving ?? null },
    latestDeployments: deployments.latest.map((d) => projectDeploymentView(d, team, now)),
    lastAliasRequest: project.lastAliasRequest,
    lastRollbackTarget: null,
    rollingRelease: project.rollingRelease
      ? {
          target: 'production',
          stages: project.rollingStages.map((s) => ({
            targetPercentage: s.targetPercentage,
            ...(s.requireApproval ? { requireApproval: true } : {}),
            ...(s.durationMs !== undefined ? { duration: s.durationMs / 60_000 } : {}),
          })),
        }
      : null,
    commandForIgnoringBuildStep: project.commandForIgnoringBuildStep,
    enableAffectedProjectsDeployments: project.enableAffectedProjectsDeployments,
    connectConfigurations: null,
    passwordProtection: null,
    optionsAllowlist: null,
    // Trusted Sources as the emulator checks them: GitHub Actions OIDC tokens of these repositories, everywhere.
    trustedSources: project.behaviour.trustedRepositories?.length
      ? {
          oidcProviders: {
            [GITHUB_ISSUER]: [{ to: { slugs: ['production', 'preview'] }, claims: { repository: project.behaviour.trustedRepositories } }],
          },
        }
      : null,
    deploymentPolicy: null,
  }
}

export function customEnvironmentView(c: CustomEnvironment, project: Pick<Project, 'id'>, aliases: string[] = []): Record<string, unknown> {
  return {
    id: c.id,
    slug: c.slug,
    type: 'preview',
    domains: c.domains.map((name) => ({
      name,
      apexName: name.split('.').slice(-2).join('.'),
      projectId: project.id,
      customEnvironmentId: c.id,
      verified: true,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    })),
    ...(aliases.length ? { currentDeploymentAliases: aliases } : {}),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }
}
