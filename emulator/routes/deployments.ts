import { checkFiles, checkProjectIdsCount } from '../deployment-input.js'
import { badRequest, notFound } from '../errors.js'
import type { Deployment, Project } from '../model.js'
import { flag, int, many, objectBody, one, pageLimit, textField, type Route } from '../router.js'
import type { State } from '../state.js'
import { DEFAULT_LIMIT } from '../deployment-query.js'
import { deploymentListItem, deploymentView } from '../wire.js'

/** Vercel accepts a project id or name wherever a project is filtered on. */
function projectIdOf(state: State, teamId: string, ref: string): string {
  try {
    return state.project(ref, teamId).id
  } catch {
    return ref
  }
}

function stringRecord(v: unknown): Record<string, string> {
  if (v === undefined) return {}
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest('Invalid request: `meta` must be an object')
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]))
}

/** `target` may be production, preview (omitted), or a custom environment's slug or id. */
function resolveTarget(project: Project, target: unknown, customEnvironment: unknown): { target: 'production' | null; customEnvironmentId?: string } {
  const custom = typeof customEnvironment === 'string' ? customEnvironment : undefined
  if (target === 'production' && custom === undefined) return { target: 'production' }
  if ((target === undefined || target === null || target === 'preview') && custom === undefined) return { target: null }
  const ref = custom ?? String(target)
  const env = project.customEnvironments.find((c) => c.id === ref || c.slug === ref)
  if (!env) throw badRequest(`Invalid target "${ref}": no such environment on project ${project.name}`)
  return { target: null, customEnvironmentId: env.id }
}

export const deploymentRoutes: Route[] = [
  {
    method: 'GET',
    template: '/v7/deployments',
    bucket: 'deployments',
    handle: ({ state, query, team }) => {
      const teamId = team().id
      const projectId = one(query, 'projectId')
      const projectIds = many(query, 'projectIds')
      if (projectId !== undefined && projectIds !== undefined) {
        throw badRequest('Cannot use both `projectId` and `projectIds` at the same time')
      }
      // Vercel's OpenAPI for this listing: `projectIds` minItems 1, maxItems 20 ("Required array length: 1 - 20").
      checkProjectIdsCount(projectIds)
      const app = one(query, 'app')
      const refs = projectIds ?? (projectId !== undefined ? [projectId] : app !== undefined ? [app] : undefined)
      const limit = pageLimit(query, DEFAULT_LIMIT)
      const since = int(query, 'since')
      const until = int(query, 'until')
      const { items, next } = state.queryDeployments(teamId, {
        ...(refs ? { projectIds: refs.map((r) => projectIdOf(state, teamId, r)) } : {}),
        ...(one(query, 'target') !== undefined ? { target: one(query, 'target') } : {}),
        ...(many(query, 'state') ? { states: many(query, 'state') } : {}),
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
        limit,
        ...(one(query, 'branch') !== undefined ? { branch: one(query, 'branch') } : {}),
        ...(one(query, 'sha') !== undefined ? { sha: one(query, 'sha') } : {}),
        ...(flag(query, 'rollbackCandidate') ? { rollbackCandidate: true } : {}),
      })
      const t = team()
      return {
        status: 200,
        body: {
          deployments: items.map((d) => deploymentListItem(d, t, state.now(), state.project(d.projectId))),
          pagination: { count: items.length, next, prev: items[0]?.createdAt ?? null },
        },
      }
    },
  },
  {
    method: 'GET',
    template: '/v13/deployments/{idOrUrl}',
    bucket: 'deployments',
    handle: ({ state, params, team }) => {
      const t = team()
      return { status: 200, body: deploymentView(state.findDeployment(t.id, params['idOrUrl'] ?? ''), t, state.now()) }
    },
  },
  {
    method: 'POST',
    template: '/v13/deployments',
    bucket: 'deployments',
    handle: ({ state, body, team }) => {
      const t = team()
      const o = objectBody(body)
      checkFiles(o['files'])
      let source: Deployment | undefined
      if (typeof o['deploymentId'] === 'string') {
        try {
          source = state.findDeployment(t.id, o['deploymentId'])
        } catch {
          throw notFound(`Deployment "${o['deploymentId']}" not found`, { deploymentId: o['deploymentId'] })
        }
      }
      const projectRef = source?.projectId ?? (typeof o['project'] === 'string' ? o['project'] : textField(o, 'name'))
      const project = state.project(projectRef, t.id)
      const deployment = state.createDeployment(project, {
        ...resolveTarget(project, o['target'], o['customEnvironmentSlugOrId']),
        meta: stringRecord(o['meta']),
        ...(source ? { source } : {}),
        ...(o['autoAssignCustomDomains'] === false ? { autoAssignCustomDomains: false } : {}),
      })
      return { status: 200, body: deploymentView(deployment, t, state.now()) }
    },
  },
]
