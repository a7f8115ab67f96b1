/**
 * Rolling releases: read the project's rollout, approve its next stage, complete it. Vercel requires the canary
 * in both bodies, and approve-stage the index of the stage it moves to (SDK: both fields required).
 */
import { badRequest } from '../errors.js'
import type { Route } from '../router.js'
import { objectBody } from '../router.js'
import type { ProjectRef, State } from '../state.js'

interface ActBody {
  canaryDeploymentId: string
  nextStageIndex?: number
}

/** The body's fields, each required where Vercel requires it: a 400 naming the one missing otherwise. */
function actBody(body: unknown, withIndex: boolean): ActBody {
  const o = objectBody(body)
  const canary = o['canaryDeploymentId']
  if (typeof canary !== 'string' || canary === '') throw badRequest('Invalid request: missing required property `canaryDeploymentId`')
  if (!withIndex) return { canaryDeploymentId: canary }
  const next = o['nextStageIndex']
  if (typeof next !== 'number' || !Number.isInteger(next)) throw badRequest('Invalid request: missing required property `nextStageIndex`')
  return { canaryDeploymentId: canary, nextStageIndex: next }
}

/** A POST that acts on the project's rollout, answered with the rollout as it is then. */
const acting = (action: string, withIndex: boolean, act: (state: State, project: ProjectRef, body: ActBody) => unknown): Route => ({
  method: 'POST',
  template: `/v1/projects/{idOrName}/rolling-release/${action}`,
  bucket: 'projects',
  handle: ({ state, params, body, team }) => {
    const project = state.project(params['idOrName'] ?? '', team().id)
    act(state, project, actBody(body, withIndex))
    return { status: 200, body: state.rollingReleaseView(project) }
  },
})

export const rollingReleaseRoutes: Route[] = [
  {
    method: 'GET',
    template: '/v1/projects/{idOrName}/rolling-release',
    bucket: 'projects',
    handle: ({ state, params, team }) => ({ status: 200, body: state.rollingReleaseView(state.project(params['idOrName'] ?? '', team().id)) }),
  },
  acting('approve-stage', true, (state, project, b) => state.approveRollingStage(project, b.canaryDeploymentId, b.nextStageIndex)),
  acting('complete', false, (state, project, b) => state.completeRollingRelease(project, b.canaryDeploymentId)),
]
