import type { RequestContext, Reply, Route } from '../router.js'
import { envView } from '../wire.js'

/** Vercel answers 200 with the record it removed. */
function removeEnv({ state, params, team }: RequestContext): Reply {
  const project = state.project(params['idOrName'] ?? '', team().id)
  return { status: 200, body: envView(state.removeProjectEnv(project, params['id'] ?? '')) }
}

/** The SDK deletes at v9, the Vercel CLI at v10. */
export const envRemoveRoutes: Route[] = [
  { method: 'DELETE', template: '/v9/projects/{idOrName}/env/{id}', bucket: 'projects', handle: removeEnv },
  { method: 'DELETE', template: '/v10/projects/{idOrName}/env/{id}', bucket: 'projects', handle: removeEnv },
]
