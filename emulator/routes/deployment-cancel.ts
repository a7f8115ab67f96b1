import type { Route } from '../router.js'
import { deploymentView } from '../wire.js'

export const deploymentCancelRoutes: Route[] = [
  {
    method: 'PATCH',
    template: '/v12/deployments/{id}/cancel',
    bucket: 'deployments',
    handle: ({ state, params, team }) => {
      const t = team()
      return { status: 200, body: deploymentView(state.cancelDeployment(t.id, params['id'] ?? ''), t, state.now()) }
    },
  },
]
