import type { Deployment } from '../model.js'
import type { Route } from '../router.js'

/**
 * A deployment's builds, as `vercel inspect` lists them. The emulator builds each deployment as one unit, so a
 * deployment has exactly one build, in the deployment's own state.
 */
function buildView(d: Deployment): Record<string, unknown> {
  return {
    id: `bld_${d.uid.replace(/^dpl_/, '')}`,
    deploymentId: d.uid,
    entrypoint: 'package.json',
    readyState: d.readyState,
    ...(d.ready !== undefined ? { readyStateAt: d.ready } : {}),
    scheduledAt: d.createdAt,
    createdAt: d.buildingAt ?? d.createdAt,
    ...(d.ready !== undefined ? { deployedAt: d.ready } : {}),
    createdIn: 'iad1',
    use: '@vercel/node',
    config: {},
    output: [],
    fingerprint: null,
  }
}

export const buildRoutes: Route[] = [
  {
    method: 'GET',
    template: '/v11/deployments/{deploymentId}/builds',
    bucket: 'deployments',
    handle: ({ state, params, team }) => ({
      status: 200,
      body: { builds: [buildView(state.findDeployment(team().id, params['deploymentId'] ?? ''))] },
    }),
  },
]
