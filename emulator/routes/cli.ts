import type { Route } from '../router.js'
import { deploymentRoutes } from './deployments.js'
import { envRoutes } from './env.js'
import { projectRoutes } from './projects.js'

/** The same handler under another path: Vercel serves several API versions of one operation alike. */
function alias(routes: readonly Route[], method: string, template: string, as: string): Route {
  const route = routes.find((r) => r.method === method && r.template === template)
  if (!route) throw new Error(`emulator: no route ${method} ${template} to serve ${as} with`)
  return { ...route, template: as }
}

/**
 * Paths the Vercel CLI calls at API versions other than the SDK's. The answers are the same as at the SDK's
 * version (the CLI reads the same fields), so each reuses that route's handler.
 */
export const cliRoutes: Route[] = [
  alias(projectRoutes, 'GET', '/v9/projects/{idOrName}/custom-environments', '/projects/{idOrName}/custom-environments'),
  alias(envRoutes, 'PATCH', '/v9/projects/{idOrName}/env/{id}', '/v10/projects/{idOrName}/env/{id}'),
  alias(deploymentRoutes, 'GET', '/v7/deployments', '/v6/deployments'),
  alias(projectRoutes, 'POST', '/v1/projects/{projectId}/rollback/{deploymentId}', '/v9/projects/{projectId}/rollback/{deploymentId}'),
]
