/** Rolling releases: read the project's rollout, approve its next stage, complete it. */
import type { Route } from '../router.js'
import { objectBody } from '../router.js'

const canaryOf = (body: unknown): string | undefined => {
  const id = objectBody(body)['canaryDeploymentId']
  return typeof id === 'string' ? id : undefined
}

export const rollingReleaseRoutes: Route[] = [
  {
    method: 'GET',
    template: '/v1/projects/{idOrName}/rolling-release',
    bucket: 'projects',
    handle: ({ state, params, team }) => ({ status: 200, body: state.rollingReleaseView(state.project(params['idOrName'] ?? '', team().id)) }),
  },
  {
    method: 'POST',
    template: '/v1/projects/{idOrName}/rolling-release/approve-stage',
    bucket: 'projects',
    handle: ({ state, params, body, team }) => {
      const project = state.project(params['idOrName'] ?? '', team().id)
      state.approveRollingStage(project, canaryOf(body))
      return { status: 200, body: state.rollingReleaseView(project) }
    },
  },
  {
    method: 'POST',
    template: '/v1/projects/{idOrName}/rolling-release/complete',
    bucket: 'projects',
    handle: ({ state, params, body, team }) => {
      const project = state.project(params['idOrName'] ?? '', team().id)
      state.completeRollingRelease(project, canaryOf(body))
      return { status: 200, body: state.rollingReleaseView(project) }
    },
  },
]
