import { badRequest } from './errors.js'
import type { Team } from './model.js'
import type { State } from './state.js'

export type Query = Record<string, string | string[]>
export type RateBucket = 'projects' | 'deployments'

export interface RequestContext {
  state: State
  params: Record<string, string>
  query: Query
  body: unknown
  /** The team named by ?teamId= or ?slug=; throws 403 for a team the token cannot see. */
  team: () => Team
  /** The user ID of the token that sent the request: what Vercel records as `createdBy`/`updatedBy` of a write. */
  user: string
}

export interface Reply {
  status: number
  /** undefined sends an empty body without a content type. */
  body?: unknown
  headers?: Record<string, string>
}

export interface Route {
  method: string
  /** The path as the SDK spells it, e.g. `/v9/projects/{idOrName}/env/{id}`. */
  template: string
  bucket?: RateBucket
  handle(ctx: RequestContext): Reply
}

interface CompiledRoute {
  route: Route
  pattern: RegExp
  names: string[]
}

export function compileRoutes(routes: readonly Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = []
    const source = route.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name)
      return '([^/]+)'
    })
    return { route, pattern: new RegExp(`^${source}/?$`), names }
  })
}

export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const { route, pattern, names } of routes) {
    if (route.method !== method) continue
    const m = pattern.exec(path)
    if (!m) continue
    const params: Record<string, string> = {}
    names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')))
    return { route, params }
  }
  return undefined
}

// ---- query helpers: the SDK repeats array parameters (`a=1&a=2`); Vercel also takes comma lists ----

export function one(query: Query, key: string): string | undefined {
  const v = query[key]
  return Array.isArray(v) ? v[0] : v
}

export function many(query: Query, key: string): string[] | undefined {
  const v = query[key]
  if (v === undefined) return undefined
  return (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s !== '')
}

export function flag(query: Query, key: string): boolean {
  const v = one(query, key)
  return v === 'true' || v === '1'
}

export function int(query: Query, key: string): number | undefined {
  const v = one(query, key)
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isFinite(n)) throw badRequest(`Invalid query parameter "${key}": ${v}`)
  return n
}

/**
 * A listing's page size: Vercel's REST API takes `limit` up to 100 ("The maximum possible value of limit is 100",
 * the API's pagination docs) and refuses more, as it refuses any query that breaks its published schema.
 */
export const MAX_PAGE_LIMIT = 100

export function pageLimit(query: Query, fallback: number): number {
  const limit = int(query, 'limit') ?? fallback
  if (limit < 1) throw badRequest('Invalid request: `limit` should be >= 1')
  if (limit > MAX_PAGE_LIMIT) throw badRequest(`Invalid request: \`limit\` should be <= ${MAX_PAGE_LIMIT}`)
  return limit
}

export function parseQuery(params: URLSearchParams): Query {
  const out: Query = {}
  for (const [k, v] of params) {
    const prev = out[k]
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return out
}

export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Invalid request: the body must be a JSON object')
  }
  return body as Record<string, unknown>
}

/** A string field of a JSON body: '' when absent, a 400 (as Vercel answers) when it is not a string. */
export function textField(o: Record<string, unknown>, key: string): string {
  const v = o[key] ?? ''
  if (typeof v !== 'string') throw badRequest(`Invalid request: \`${key}\` should be string`)
  return v
}
