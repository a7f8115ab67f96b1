import type { Route } from '../router.js'
import { userView } from '../wire-account.js'

export const userRoutes: Route[] = [
  {
    method: 'GET',
    template: '/v2/user',
    handle: ({ state }) => ({ status: 200, body: { user: userView(state.teams()[0]?.id ?? null) } }),
  },
]
