import type { Route } from '../router.js'
import { customEnvironmentView, projectView } from '../wire.js'

/** Vercel's per-plan cap on custom environments (Pro). */
const CUSTOM_ENVIRONMENT_LIMIT = 12

export const projectRoutes: Route[] = [
  {
    method: 'GET',
    template: '/v9/projects/{idOrName}',
    bucket: 'projects',
    handle: ({ state, params, team }) => {
      const t = team()
      const project = state.project(params['idOrName'] ?? '', t.id)
      const body = projectView(
        project,
        t,
        {
          serving: state.servingDeployment(project),
          latest: state.deployments(project).slice(0, 5),
        },
        undefined,
        state.now(),
      )
      return { status: 200, body }
    },
  },
  {
    method: 'GET',
    template: '/v9/projects/{idOrName}/custom-environments',
    bucket: 'projects',
    handle: ({ state, params, team }) => {
      const project = state.project(params['idOrName'] ?? '', team().id)
      return {
        status: 200,
        body: {
          accountLimit: { total: CUSTOM_ENVIRONMENT_LIMIT },
          environments: project.customEnvironments.map((c) => customEnvironmentView(c, project)),
        },
      }
    },
  },
  {
    method: 'POST',
    template: '/v10/projects/{projectId}/promote/{deploymentId}',
    bucket: 'projects',
    handle: ({ state, params, team }) => {
      const project = state.project(params['projectId'] ?? '', team().id)
      // 202: queued behind the project's active rolling release (Vercel's CLI: "Promotion has been queued").
      return { status: state.promote(project, params['deploymentId'] ?? '').queued ? 202 : 201 }
    },
  },
  {
    method: 'POST',
    template: '/v1/projects/{projectId}/rollback/{deploymentId}',
    bucket: 'projects',
    handle: ({ state, params, team }) => {
      const project = state.project(params['projectId'] ?? '', team().id)
      state.rollback(project, params['deploymentId'] ?? '')
      return { status: 201 }
    },
  },
]
