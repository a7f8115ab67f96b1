import { branchAlias, productionAlias, type Deployment, type Project } from './model.js'

const BUILD_FAILED_MESSAGE = 'Command "npm run build" exited with 1'
const IGNORED_BUILD_MESSAGE = 'The Deployment has been canceled as a result of running the command defined in the "Ignored Build Step" setting.'

/**
 * What Vercel does when a build ends: an armed failure, or READY and then the production decision.
 * `serving` is the project's current production deployment.
 */
export function endBuild(d: Deployment, at: number, project: Project, serving: Deployment | undefined, teamSlug: string): void {
  // The Ignored Build Step runs before the build: on a redeploy of the same commit, it says skip.
  const ignored = !d.failure && !!project.commandForIgnoringBuildStep && !!d.sourceDeploymentId
  if (ignored) d.failure = 'CANCELED'
  if (d.failure === 'ERROR') {
    d.readyState = 'ERROR'
    d.errorCode = 'BUILD_FAILED'
    d.errorMessage = d.failureReason ?? BUILD_FAILED_MESSAGE
    d.readyStateReason = d.errorMessage
    return
  }
  if (d.failure === 'CANCELED') {
    d.readyState = 'CANCELED'
    const reason = ignored ? IGNORED_BUILD_MESSAGE : d.failureReason
    if (reason !== undefined) Object.assign(d, { errorMessage: reason, readyStateReason: reason })
    if (ignored) d.buildSkipped = true
    return
  }
  d.readyState = 'READY'
  d.ready = at
  if (d.customEnvironmentId !== undefined) return assignCustomEnvironment(d, project)
  if (d.target !== 'production') return assignPreview(d, project, teamSlug)

  // After an Instant Rollback Vercel stops auto-promoting; an older build never replaces a newer one.
  const staged = d.autoAssignCustomDomains === false || !project.autoAssign
  if (project.lastAliasRequest?.type === 'rollback' || staged || (serving && serving.createdAt > d.createdAt)) {
    d.readySubstate = 'STAGED'
  } else if (project.rollingRelease) {
    startRollout(project, d, at)
  } else {
    assignProduction(d, project, at)
  }
}

/** The production domain now points at `d`, from `at` on. */
export function assignProduction(d: Deployment, project: Project, at: number): void {
  d.readySubstate = 'PROMOTED'
  d.aliasAssigned = true
  const domain = productionAlias(project)
  if (!d.alias.includes(domain)) d.alias.push(domain)
  servesProduction(project, d.uid, at)
}

/** Records what serves production from `at` on. */
export function servesProduction(project: Project, deploymentId: string, at: number): void {
  if (project.servingDeploymentId !== deploymentId) project.productionHistory.push({ at, deploymentId })
  project.servingDeploymentId = deploymentId
}

/** A READY production deployment starts rolling out: the first stage's share of traffic, the rest stays. */
export function startRollout(project: Project, d: Deployment, at: number): void {
  d.readySubstate = 'ROLLING'
  d.aliasAssigned = false
  project.rollout = {
    state: 'ACTIVE',
    canaryId: d.uid,
    currentId: project.servingDeploymentId,
    stageIndex: 0,
    stageStartedAt: at,
    startedAt: at,
    updatedAt: at,
  }
}

export function assignPreview(d: Deployment, project: Project, teamSlug: string): void {
  d.aliasAssigned = true
  if (d.gitBranch !== undefined) d.alias.push(branchAlias(project.name, d.gitBranch, teamSlug))
}

/** A custom environment's domains follow its newest READY deployment. */
export function assignCustomEnvironment(d: Deployment, project: Project): void {
  const env = project.customEnvironments.find((e) => e.id === d.customEnvironmentId)
  d.aliasAssigned = true
  if (!env) return
  for (const domain of env.domains) if (!d.alias.includes(domain)) d.alias.push(domain)
  env.servingDeploymentId = d.uid
}
