import { badRequest } from '../errors.js'
import type { Route } from '../router.js'
import { one, pageLimit } from '../router.js'
import { projectView } from '../wire.js'

/** What the lean listing leaves out: fields of the full project view only. */
const LEAN_OMITS = [
  'lastAliasRequest',
  'lastRollbackTarget',
  'customEnvironments',
  'protectionBypass',
  'skewProtectionMaxAge',
  'skewProtectionBoundaryAt',
  'defaultResourceConfig',
]
const DEFAULT_LIMIT = 20

/** An opaque continuation token, as Vercel's newer project listing answers (`pagination.next` a string). */
const token = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url')
function offsetOf(from: string | undefined): number {
  if (from === undefined) return 0
  const m = /^o:(\d+)$/.exec(Buffer.from(from, 'base64url').toString())
  if (!m) throw badRequest(`Invalid query parameter "from": ${from}`)
  return Number(m[1])
}

export const projectListRoutes: Route[] = [
  {
    // GET /v10/projects: newest-updated first, in pages of `limit` (at most 100), continued with `from`.
    method: 'GET',
    template: '/v10/projects',
    bucket: 'projects',
    handle: ({ state, query, team }) => {
      const t = team()
      const limit = pageLimit(query, DEFAULT_LIMIT)
      const all = state.projects(t.id).sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id))
      const start = offsetOf(one(query, 'from'))
      const page = all.slice(start, start + limit)
      const more = start + limit < all.length
      return {
        status: 200,
        body: {
          projects: page.map((p) => {
            const view: Record<string, unknown> = {
              ...projectView(p, t, { serving: state.servingDeployment(p), latest: [] }, undefined, state.now()),
              serverlessFunctionRegion: 'iad1',
            }
            if (state.listing === 'lean') for (const k of LEAN_OMITS) delete view[k]
            return view
          }),
          pagination: { count: page.length, next: more ? token(start + limit) : null },
        },
      }
    },
  },
]
