import { badRequest } from '../errors.js'
import type { EnvTarget } from '../model.js'
import type { Reply, RequestContext, Route } from '../router.js'
import { resolveEnv } from '../resolve-env.js'

const TARGETS: readonly string[] = ['production', 'preview', 'development']

/**
 * `vercel env pull` / `env run`: the values a deployment of that target (and branch) would see, decrypted.
 * Sensitive values are never readable back, so they pull as "" as on Vercel.
 */
function pull({ state, params, team }: RequestContext): Reply {
  const project = state.project(params['idOrName'] ?? '', team().id)
  const target = params['target'] ?? 'development'
  if (!TARGETS.includes(target)) throw badRequest(`Invalid target "${target}"`)
  const hide = <T extends { type: string; value: string }>(r: T): T => (r.type === 'sensitive' ? { ...r, value: '' } : r)
  const env = resolveEnv({ ...project, env: project.env.map(hide) }, state.sharedEnvs(project.accountId).map(hide), {
    target: target as EnvTarget,
    ...(params['gitBranch'] !== undefined ? { gitBranch: params['gitBranch'] } : {}),
  })
  return { status: 200, body: { env } }
}

export const envPullRoutes: Route[] = [
  { method: 'GET', template: '/v3/env/pull/{idOrName}', bucket: 'projects', handle: pull },
  { method: 'GET', template: '/v3/env/pull/{idOrName}/{target}', bucket: 'projects', handle: pull },
  { method: 'GET', template: '/v3/env/pull/{idOrName}/{target}/{gitBranch}', bucket: 'projects', handle: pull },
]
