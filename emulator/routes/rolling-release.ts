/** Rolling releases: read the project's rollout, approve its next stage, complete it. */
import type { Route } from '../router.js'
import { objectBody } from '../router.js'
import type { ProjectRef, State } from '../state.js'

const canaryOf = (body: unknown): string | undefined => {
  const id = objectBody(body)['canaryDeploymentId']
  return typeof id === 'string' ? id : undefined
}

/** A POST that acts on the project's rollout, answered with the rollout as it is then. */
const acting = (action: string, act: (state: State, project: ProjectRef, canaryId?: string) => unknown): Route => ({
  method: 'POST',
  template: `/v1/projects/{idOrName}/rolling-release/${action}`,
  bucket: 'projects',
  handle: ({ state, params, body, team }) => {
    const project = state.project(params['idOrName'] ?? '', team().id)
    act(state, project, canaryOf(body))
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
  acting('approve-stage', (state, project, canaryId) => state.approveRollingStage(project, canaryId)),
  acting('complete', (state, project, canaryId) => state.completeRollingRelease(project, canaryId)),
]
