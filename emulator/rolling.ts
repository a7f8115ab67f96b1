/**
 * Rolling releases: a production deployment reaches all traffic through the project's stages. Timed stages move
 * on by themselves (not while PAUSED); a stage that requires approval waits for one; complete sends the rest at
 * once; abort puts production back on the deployment that served before. A promotion made while one is ACTIVE is
 * queued (HTTP 202) and starts rolling out once the active one completes; an abort drops it. Vercel's own
 * behaviour, as far as its API and CLI show it.
 */
import { assignProduction, startRollout } from './aliasing.js'
import { badRequest } from './errors.js'
import type { Deployment, Project, RollingStage } from './model.js'

/** What Vercel's project settings offer by default: 10% for ten minutes, then everyone. */
export const DEFAULT_STAGES: RollingStage[] = [{ targetPercentage: 10, durationMs: 10 * 60_000 }, { targetPercentage: 100 }]

type Lookup = (id: string) => Deployment | undefined

/** Moves timed stages on up to `now`, each at the moment it was due. */
export function advanceRollout(project: Project, now: number, byId: Lookup): void {
  // Read afresh each time: completing one rollout may start the promotion queued behind it.
  for (let r = project.rollout; r?.state === 'ACTIVE'; r = project.rollout) {
    const stage = project.rollingStages[r.stageIndex]
    if (r.paused || !stage || stage.requireApproval || stage.durationMs === undefined) return
    const due = r.stageStartedAt + stage.durationMs
    if (due > now) return
    nextStage(project, due, byId)
  }
}

/** The next stage; reaching the last one (100%) completes the rollout. */
function nextStage(project: Project, at: number, byId: Lookup): void {
  const r = project.rollout!
  r.stageIndex++
  r.stageStartedAt = at
  r.updatedAt = at
  if (r.stageIndex >= project.rollingStages.length - 1) completeRollout(project, at, byId)
}

/** A promotion while a rollout is ACTIVE waits for it (Vercel answers 202); true when it was queued. */
export function queuePromotion(project: Project, d: Deployment, at: number): boolean {
  const r = project.rollout
  if (r?.state !== 'ACTIVE') return false
  r.queuedId = d.uid
  r.updatedAt = at
  return true
}

function active(project: Project, canaryId?: string) {
  const r = project.rollout
  if (r?.state !== 'ACTIVE') throw badRequest('No rolling release in progress for this project')
  if (canaryId !== undefined && canaryId !== r.canaryId) throw badRequest(`Deployment ${canaryId} is not the canary of the rolling release`)
  return r
}

/** POST .../rolling-release/approve-stage; `nextStageIndex`, when given, must be the stage after the active one. */
export function approveStage(project: Project, at: number, byId: Lookup, canaryId?: string, nextStageIndex?: number): void {
  const r = active(project, canaryId)
  if (nextStageIndex !== undefined && nextStageIndex !== r.stageIndex + 1) {
    throw badRequest(`The next stage of the rolling release is ${r.stageIndex + 1}, not ${nextStageIndex}`)
  }
  r.paused = false
  nextStage(project, at, byId)
}

/** Someone pauses the rollout in Vercel (substate PAUSED), or continues it: timed stages start again from now. */
export function pauseRollout(project: Project, at: number, paused: boolean): void {
  const r = active(project)
  if (r.paused && !paused) r.stageStartedAt = at
  r.paused = paused
  r.updatedAt = at
}

/** POST .../rolling-release/complete: the canary takes all production traffic now. */
export function completeRollout(project: Project, at: number, byId: Lookup, canaryId?: string): Deployment {
  const r = active(project, canaryId)
  const canary = byId(r.canaryId)!
  assignProduction(canary, project, at)
  const queued = r.queuedId === undefined ? undefined : byId(r.queuedId)
  Object.assign(r, {
    state: 'COMPLETE',
    stageIndex: project.rollingStages.length - 1,
    stageStartedAt: at,
    updatedAt: at,
    paused: false,
    queuedId: undefined,
  })
  // The promotion queued behind it begins now, as a rollout of its own.
  if (queued) startRollout(project, queued, at)
  return canary
}

/** The rollout is abandoned: the canary is taken out of production, which stays on what served before. */
export function abortRollout(project: Project, at: number, byId: Lookup): void {
  const r = active(project)
  const canary = byId(r.canaryId)
  if (canary) canary.readySubstate = 'STAGED'
  // A promotion queued behind it begins only when it completes successfully: it is dropped.
  Object.assign(r, { state: 'ABORTED', updatedAt: at, paused: false, queuedId: undefined })
}

const stageView = (s: RollingStage, index: number, stages: RollingStage[]) => ({
  index,
  isFinalStage: index === stages.length - 1,
  targetPercentage: s.targetPercentage,
  requireApproval: s.requireApproval ?? false,
  // The rollout counts a stage's duration in seconds (the project's configuration, in minutes).
  duration: s.durationMs === undefined ? null : s.durationMs / 1000,
  linearShift: false,
})

const deploymentBrief = (d: Deployment | undefined) =>
  d
    ? {
        id: d.uid,
        name: d.name,
        url: d.url,
        target: d.target,
        source: 'api-trigger-git-deploy',
        createdAt: d.createdAt,
        readyState: d.readyState,
        readyStateAt: d.ready,
      }
    : null

/** GET /v1/projects/{idOrName}/rolling-release. */
export function rolloutView(project: Project, byId: Lookup): { rollingRelease: Record<string, unknown> | null } {
  const r = project.rollout
  if (!r) return { rollingRelease: null }
  const stages = project.rollingStages
  const at = Math.min(r.stageIndex, stages.length - 1)
  return {
    rollingRelease: {
      state: r.state,
      substate: r.state === 'ACTIVE' && r.paused ? 'PAUSED' : null,
      currentDeployment: deploymentBrief(r.currentId ? byId(r.currentId) : undefined),
      canaryDeployment: deploymentBrief(byId(r.canaryId)),
      queuedDeploymentId: r.queuedId ?? null,
      advancementType: stages.some((s) => s.requireApproval) ? 'manual-approval' : 'automatic',
      stages: stages.map((s, i) => stageView(s, i, stages)),
      activeStage: r.state === 'ACTIVE' ? stageView(stages[at]!, at, stages) : null,
      nextStage: r.state === 'ACTIVE' && at + 1 < stages.length ? stageView(stages[at + 1]!, at + 1, stages) : null,
      startedAt: r.startedAt,
      updatedAt: r.updatedAt,
    },
  }
}
