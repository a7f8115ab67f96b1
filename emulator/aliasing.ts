import { branchAlias, productionAlias, type Deployment, type Project } from './model.js'

const BUILD_FAILED_MESSAGE = 'Command "npm run build" exited with 1'
const IGNORED_BUILD_MESSAGE = 'The Deployment has been canceled as a result of running the command defined in the "Ignored Build Step" setting.'

/**
 * What Vercel does when a build ends: an armed failure, or READY and then the production decision.
 * `serving` is the project's current production deployment.
 */
export function endBuild(d: Deployment, at: number, project: Project, serving: Deployment | undefined, teamSlug: string): void {
  if (d.failure === 'ERROR') {
    d.readyState = 'ERROR'
    d.errorCode = 'BUILD_FAILED'
    d.errorMessage = BUILD_FAILED_MESSAGE
    return
  }
  if (d.failure === 'CANCELED') {
    d.readyState = 'CANCELED'
    d.errorMessage = IGNORED_BUILD_MESSAGE
    return
  }
  d.readyState = 'READY'
  d.ready = at
  if (d.customEnvironmentId !== undefined) return assignCustomEnvironment(d, project)
  if (d.target !== 'production') return assignPreview(d, project, teamSlug)

  // After an Instant Rollback Vercel stops auto-promoting; an older build never replaces a newer one.
  if (project.lastAliasRequest?.type === 'rollback' || !project.autoAssign || (serving && serving.createdAt > d.createdAt)) {
    d.readySubstate = 'STAGED'
  } else if (project.rollingRelease) {
    d.readySubstate = 'ROLLING'
  } else {
    assignProduction(d, project)
  }
}

/** The production domain now points at `d`. */
export function assignProduction(d: Deployment, project: Project): void {
  d.readySubstate = 'PROMOTED'
  d.aliasAssigned = true
  const domain = productionAlias(project)
  if (!d.alias.includes(domain)) d.alias.push(domain)
  project.servingDeploymentId = d.uid
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
