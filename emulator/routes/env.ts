import { badRequest, notFound } from '../errors.js'
import type { EnvTarget, EnvType, ProjectEnv } from '../model.js'
import { COMMENT_MAX_LENGTH, type ProjectEnvInput } from '../project-env.js'
import { flag, int, many, objectBody, one, textField, type Route } from '../router.js'
import type { SharedEnvUpdate } from '../shared-env.js'
import { envListView, envView, sharedEnvListView, sharedEnvView } from '../wire.js'

const pagination = (count: number): Record<string, unknown> => ({ count, next: null, prev: null })

/** The shared-variable listing's page size on Vercel (`GET /v1/env`, paged by an `until` cursor). */
export const SHARED_PAGE = 25

function envInput(raw: unknown): ProjectEnvInput {
  const o = objectBody(raw)
  return {
    key: textField(o, 'key'),
    value: textField(o, 'value'),
    type: textField(o, 'type') as EnvType,
    ...(Array.isArray(o['target']) ? { target: o['target'] as EnvTarget[] } : {}),
    ...(typeof o['gitBranch'] === 'string' ? { gitBranch: o['gitBranch'] } : {}),
    ...(Array.isArray(o['customEnvironmentIds']) ? { customEnvironmentIds: o['customEnvironmentIds'] as string[] } : {}),
    ...(typeof o['comment'] === 'string' ? { comment: o['comment'] } : {}),
  }
}

export const envRoutes: Route[] = [
  {
    method: 'GET',
    template: '/v10/projects/{idOrName}/env',
    bucket: 'projects',
    handle: ({ state, params, query, team }) => {
      const project = state.project(params['idOrName'] ?? '', team().id)
      const branch = one(query, 'gitBranch')
      const slug = one(query, 'customEnvironmentSlug')
      const environmentId =
        one(query, 'customEnvironmentId') ?? (slug === undefined ? undefined : (project.customEnvironments.find((c) => c.slug === slug)?.id ?? '-'))
      // Not in the published schema, but the Vercel CLI sends it for `env ls <target>` and `env rm KEY <target>`
      // and relies on the answer being filtered (its own API mocks filter on it).
      const target = one(query, 'target')
      // A branch filter keeps what applies to that branch: branch-less records and that branch's own.
      const envs = project.env.filter(
        (e: ProjectEnv) =>
          (target === undefined || (e.target as string[]).includes(target)) &&
          (branch === undefined || e.gitBranch === undefined || e.gitBranch === branch) &&
          (environmentId === undefined || e.customEnvironmentIds.includes(environmentId)),
      )
      const decrypt = flag(query, 'decrypt')
      return { status: 200, body: { envs: envs.map((e) => envListView(e, decrypt)), pagination: pagination(envs.length) } }
    },
  },
  {
    method: 'GET',
    template: '/v1/projects/{idOrName}/env/{id}',
    bucket: 'projects',
    handle: ({ state, params, team }) => {
      const project = state.project(params['idOrName'] ?? '', team().id)
      const record = project.env.find((e) => e.id === params['id'])
      if (!record) throw notFound(`Environment Variable "${params['id']}" not found`)
      return { status: 200, body: envView(record, true) }
    },
  },
  {
    method: 'POST',
    template: '/v10/projects/{idOrName}/env',
    bucket: 'projects',
    handle: ({ state, params, query, body, team, user }) => {
      const project = state.project(params['idOrName'] ?? '', team().id)
      const items = Array.isArray(body) ? body.map(envInput) : [envInput(body)]
      const { created, failed } = state.createProjectEnvs(project, items, flag(query, 'upsert'), user)
      const views = created.map((e) => envView(e))
      // A single object in gets a single object back, as on Vercel.
      const createdBody = Array.isArray(body) ? { created: views } : views[0] ? { created: views[0] } : {}
      return { status: 201, body: { ...createdBody, failed } }
    },
  },
  {
    method: 'PATCH',
    template: '/v9/projects/{idOrName}/env/{id}',
    bucket: 'projects',
    handle: ({ state, params, body, team, user }) => {
      const project = state.project(params['idOrName'] ?? '', team().id)
      const record = state.editProjectEnv(project, params['id'] ?? '', objectBody(body), user)
      return { status: 200, body: envView(record) }
    },
  },
  {
    method: 'GET',
    template: '/v1/env',
    bucket: 'projects',
    handle: ({ state, query, team }) => {
      const search = one(query, 'search')
      const projectId = one(query, 'projectId')
      const ids = many(query, 'ids')
      const excludeIds = [...(many(query, 'exclude_ids') ?? []), ...(many(query, 'exclude-ids') ?? [])]
      const excludeProject = one(query, 'exclude_projectId') ?? one(query, 'exclude-projectId')
      const until = int(query, 'until')
      const data = state
        .sharedEnvs(team().id)
        .filter(
          (s) =>
            (search === undefined || s.key.includes(search)) &&
            (projectId === undefined || s.projectId.includes(projectId)) &&
            (ids === undefined || ids.includes(s.id)) &&
            !excludeIds.includes(s.id) &&
            (excludeProject === undefined || !s.projectId.includes(excludeProject)) &&
            (until === undefined || s.createdAt < until),
        )
        .sort((a, b) => b.createdAt - a.createdAt)
      // Vercel answers this listing about 25 at a time, newest first; `next` is the `until` of the next page.
      const page = data.slice(0, SHARED_PAGE)
      const next = data.length > page.length ? page[page.length - 1]!.createdAt : null
      return {
        status: 200,
        body: { data: page.map(sharedEnvListView), pagination: { count: page.length, next, prev: page[0]?.createdAt ?? null } },
      }
    },
  },
  {
    method: 'PATCH',
    template: '/v1/env',
    bucket: 'projects',
    handle: ({ state, body, team, user }) => {
      const updates = objectBody(body)['updates']
      if (typeof updates !== 'object' || updates === null || Array.isArray(updates)) {
        throw badRequest('Invalid request: missing required property `updates`')
      }
      // Vercel checks the body against its schema before applying any update: a long comment refuses them all.
      for (const [id, update] of Object.entries(updates as Record<string, SharedEnvUpdate>)) {
        if (typeof update?.comment === 'string' && update.comment.length > COMMENT_MAX_LENGTH) {
          throw badRequest(`Invalid request: \`updates.${id}.comment\` should NOT be longer than ${COMMENT_MAX_LENGTH} characters`)
        }
      }
      const result = state.updateSharedEnvs(team().id, updates as Record<string, SharedEnvUpdate>, user)
      return { status: 200, body: { updated: result.updated.map(sharedEnvView), failed: result.failed } }
    },
  },
]
