/** The emulator's whole state, in layers (state/): this top one is production (promote, rollback, rolling releases) and visits. */
import { assignProduction, servesProduction, startRollout } from './aliasing.js'
import { verifyIdToken } from './oidc.js'
import { abortRollout, approveStage, completeRollout, pauseRollout, queuePromotion, rolloutView } from './rolling.js'
import { badRequest, notFound } from './errors.js'
import { type Deployment, type Project, type RollingStage } from './model.js'
import { Deployments } from './state/deployments.js'

import type { ProjectRef } from './state/accounts.js'

export type { ProjectRef } from './state/accounts.js'
export type { AddDeploymentInput, CreateDeploymentInput, StateOptions } from './state/deployments.js'

/**
 * In-memory Vercel: teams, projects, env records, shared variables and deployments on a build clock, in layers
 * (state/accounts.ts, state/env-records.ts, state/deployments.ts); this last one holds what serves production
 * (promote, rollback, rolling releases), the visits to deployments, and what a test arms or reads about them.
 * Time only moves when someone looks: `advance()` replays every transition up to `now()` in order, so results
 * do not depend on when requests happen to arrive.
 */
export class State extends Deployments {
  /** Values the third-party provider refuses: a deployment built with one answers 500. */
  protected readonly rejectedValues = new Set<string>()

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

  /** Instant Rollback: production points at an older build, and auto-promotion stops until a promote. */
  rollback(ref: ProjectRef, deploymentId: string): void {
    const project = this.project(ref)
    const d = this.productionDeploymentOf(project, deploymentId)
    project.lastAliasRequest = this.aliasRequest('rollback', project, d)
    servesProduction(project, d.uid, this.now())
  }

  /**
   * Points production at a READY deployment; this also ends a rolled-back state. With a rolling release ACTIVE,
   * Vercel queues the promotion behind it (HTTP 202): `queued` is then true.
   */
  promote(ref: ProjectRef, deploymentId: string): { queued: boolean } {
    this.advance()
    const project = this.project(ref)
    const d = this.productionDeploymentOf(project, deploymentId)
    project.lastAliasRequest = this.aliasRequest('promote', project, d)
    if (project.rollingRelease && queuePromotion(project, d, this.now())) return { queued: true }
    // With Rolling Releases on, a promoted deployment reaches production through the stages.
    if (project.rollingRelease) startRollout(project, d, this.now())
    else assignProduction(d, project, this.now())
    return { queued: false }
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
  approveRollingStage(ref: ProjectRef, canaryId?: string, nextStageIndex?: number): void {
    this.advance()
    approveStage(this.project(ref), this.now(), this.byId, canaryId, nextStageIndex)
  }

  /** Someone pauses the rollout in Vercel (substate PAUSED) or continues it. */
  pauseRollingRelease(ref: ProjectRef, paused = true): void {
    this.advance()
    pauseRollout(this.project(ref), this.now(), paused)
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
   * Turns on "skip deployments when there are no changes to the root directory and its dependencies"
   * (`enableAffectedProjectsDeployments`). Only the setting: what it cancels is armed with failNextBuild.
   */
  skipUnaffected(ref: ProjectRef, on = true): void {
    this.project(ref).enableAffectedProjectsDeployments = on
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

  protected productionDeploymentOf(project: Project, deploymentId: string): Deployment {
    const d = this.deployment(deploymentId)
    if (!d || d.projectId !== project.id) throw notFound('The deployment could not be found.', { deploymentId })
    if (d.readyState !== 'READY') {
      throw badRequest(`Deployment ${deploymentId} is not ready (state: ${d.readyState})`, { deploymentId })
    }
    if (d.target !== 'production') throw badRequest('Only production deployments can serve production', { deploymentId })
    return d
  }

  protected aliasRequest(type: 'promote' | 'rollback', project: Project, to: Deployment): Project['lastAliasRequest'] {
    return {
      type,
      jobStatus: 'succeeded',
      fromDeploymentId: project.servingDeploymentId,
      toDeploymentId: to.uid,
      requestedAt: this.now(),
    }
  }
}
