import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { issueIdToken, OIDC_TOKEN_PATH } from './oidc.js'
import { ApiError, badRequest, forbidden, notFound } from './errors.js'
import type { FaultAction, Faults } from './faults.js'
import { RateLimiter, retryAfterSeconds, type RateLimitOptions } from './ratelimit.js'
import { compileRoutes, matchRoute, one, parseQuery, type Query, type Reply, type Route } from './router.js'
import { buildRoutes } from './routes/builds.js'
import { cliRoutes } from './routes/cli.js'
import { deploymentCancelRoutes } from './routes/deployment-cancel.js'
import { deploymentRoutes } from './routes/deployments.js'
import { envPullRoutes } from './routes/env-pull.js'
import { envRemoveRoutes } from './routes/env-remove.js'
import { envRoutes } from './routes/env.js'
import { projectLifecycleRoutes } from './routes/project-lifecycle.js'
import { projectRoutes } from './routes/projects.js'
import { projectListRoutes } from './routes/project-list.js'
import { rollingReleaseRoutes } from './routes/rolling-release.js'
import { storageRoutes } from './routes/storage.js'
import { teamRoutes } from './routes/teams.js'
import { userRoutes } from './routes/user.js'
import type { State } from './state.js'
import { CREATOR } from './users.js'

export interface LoggedRequest {
  method: string
  /** Without the query string. */
  path: string
  query: Query
  /** Parsed JSON, or undefined when the request had no body. */
  body: unknown
  /** 0 when the connection was dropped without an answer. */
  status: number
  at: number
}

export interface Stats {
  total: number
  rateLimited: number
  /** Keyed by `METHOD /path/{template}`. */
  byRoute: Record<string, number>
  /** The most requests of a route being served at once (observable with a latency). */
  maxInFlight: Record<string, number>
}

export interface ServerOptions {
  token: string
  rateLimit?: RateLimitOptions
  log: boolean
  latencyMs?: number
}

const ROUTES = compileRoutes([
  ...envRoutes,
  ...envRemoveRoutes,
  ...envPullRoutes,
  ...projectRoutes,
  ...projectLifecycleRoutes,
  ...rollingReleaseRoutes,
  ...projectListRoutes,
  ...storageRoutes,
  ...deploymentRoutes,
  ...deploymentCancelRoutes,
  ...buildRoutes,
  ...userRoutes,
  ...teamRoutes,
  ...cliRoutes,
] satisfies Route[])
type RouteMatch = ReturnType<typeof matchRoute>

export interface EmulatorServer {
  server: Server
  requests: LoggedRequest[]
  stats: Stats
  visits: Visit[]
}

/**
 * Deployments answer HTTP under `/_deployments/{host}/...` on the emulator's own port, so a health check
 * template `http://127.0.0.1:PORT/_deployments/{url}/api/health` reaches the very deployment named.
 */
export const DEPLOYMENT_PREFIX = '/_deployments/'

export interface Visit {
  host: string
  path: string
  status: number
  /** Whether a bypass header was sent (never its value). */
  bypass: boolean
  /** Whether a Trusted Sources OIDC token was sent (never its value). */
  oidc: boolean
}

export function createEmulatorServer(state: State, faults: Faults, options: ServerOptions): EmulatorServer {
  const requests: LoggedRequest[] = []
  const visits: Visit[] = []
  const stats: Stats = { total: 0, rateLimited: 0, byRoute: {}, maxInFlight: {} }
  const inFlight: Record<string, number> = {}
  const limiter = options.rateLimit && new RateLimiter(options.rateLimit, () => state.now())

  /** Auth, rate limit and the route itself; every refusal is a Vercel-shaped error. */
  function answer(match: RouteMatch | undefined, query: Query, rawBody: string, authorization: string | undefined): Reply {
    try {
      if (!match) throw notFound('The requested path was not found')
      if (authorization === undefined) {
        throw forbidden('Not authorized', { invalidToken: true, missingToken: true })
      }
      if (authorization !== `Bearer ${options.token}`) throw forbidden('Not authorized', { invalidToken: true })
      limiter?.hit(match.route.bucket)
      state.advance()
      const body = parseJson(rawBody)
      return match.route.handle({
        state,
        params: match.params,
        query,
        body,
        team: () => state.resolveTeam(scopeOf(query)),
        // The one token the emulator accepts is CREATOR's.
        user: CREATOR.uid,
      })
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      const headers: Record<string, string> = err.status === 429 ? { 'retry-after': String(retryAfterSeconds(err, state.now())) } : {}
      return { status: err.status, body: err.body(), headers }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.local')
    const method = (req.method ?? 'GET').toUpperCase()
    const path = url.pathname
    const query = parseQuery(url.searchParams)
    const rawBody = await readBody(req)
    if (path.startsWith(DEPLOYMENT_PREFIX)) return visitDeployment(req, res, path)
    if (path === OIDC_TOKEN_PATH) return send(res, idToken(req.headers.authorization, url.searchParams.get('audience') ?? undefined))
    const match = matchRoute(ROUTES, method, path)
    const template = match?.route.template ?? path
    const routeKey = `${method} ${template}`

    stats.total++
    stats.byRoute[routeKey] = (stats.byRoute[routeKey] ?? 0) + 1
    const entry: LoggedRequest = { method, path, query, body: safeJson(rawBody), status: 0, at: state.now() }
    if (options.log) requests.push(entry)

    inFlight[routeKey] = (inFlight[routeKey] ?? 0) + 1
    stats.maxInFlight[routeKey] = Math.max(stats.maxInFlight[routeKey] ?? 0, inFlight[routeKey])
    try {
      // Real API calls take time; without it, a client's concurrency could not be seen or measured.
      if (options.latencyMs) await sleep(options.latencyMs)
      await serve(req, res, entry, match, query, rawBody, method, path, template)
    } finally {
      inFlight[routeKey]--
    }
  }

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    entry: LoggedRequest,
    match: ReturnType<typeof matchRoute>,
    query: ReturnType<typeof parseQuery>,
    rawBody: string,
    method: string,
    path: string,
    template: string,
  ): Promise<void> {
    const fault = faults.take({ method, path, template })
    if (fault?.kind === 'delay') await sleep(fault.ms)
    if (fault?.kind === 'reset') {
      req.socket.destroy()
      return
    }

    let reply: Reply = fault?.kind === 'status' ? faultReply(fault, state.now()) : answer(match, query, rawBody, req.headers.authorization)
    if (fault?.kind === 'apply-then-status') reply = faultReply(fault, state.now())

    entry.status = fault?.kind === 'reset-mid-response' ? 0 : reply.status
    if (reply.status === 429) stats.rateLimited++
    send(res, reply, fault)
  }

  /** A visit to a deployment (health checks): not an API call, so neither logged nor rate-limited with them. */
  function visitDeployment(req: IncomingMessage, res: ServerResponse, path: string): void {
    const host = decodeURIComponent(path.slice(DEPLOYMENT_PREFIX.length).split('/')[0] ?? '')
    const header = (name: string) => {
      const v = req.headers[name]
      return typeof v === 'string' ? v : undefined
    }
    const bypass = header('x-vercel-protection-bypass')
    const oidcToken = header('x-vercel-trusted-oidc-idp-token')
    const reply = state.visit(host, { ...(bypass ? { bypass } : {}), ...(oidcToken ? { oidcToken } : {}) })
    visits.push({
      host,
      path: `/${path.slice(DEPLOYMENT_PREFIX.length).split('/').slice(1).join('/')}`,
      status: reply.status,
      bypass: bypass !== undefined,
      oidc: oidcToken !== undefined,
    })
    send(res, reply)
  }

  /** The runner's token service: a token for the job that presents the request token. */
  function idToken(authorization: string | undefined, audience: string | undefined): Reply {
    const issuer = state.oidc
    if (!issuer || authorization !== `Bearer ${issuer.requestToken}`) return { status: 401, body: { message: 'Bad credentials' } }
    return { status: 200, body: { value: issueIdToken(issuer, state.now(), audience) } }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return
      const message = err instanceof Error ? err.message : String(err)
      send(res, { status: 500, body: { error: { code: 'internal_server_error', message } } })
    })
  })
  return { server, requests, stats, visits }
}

function send(res: ServerResponse, reply: Reply, fault?: FaultAction): void {
  if (res.destroyed) return
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body)
  const headers: Record<string, string | number> = { ...reply.headers, 'content-length': Buffer.byteLength(text) }
  if (reply.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8'
  res.writeHead(reply.status, headers)
  if (fault?.kind === 'reset-mid-response') {
    // Headers promise the whole body; the connection dies halfway through it.
    res.write(text.slice(0, Math.floor(text.length / 2)), () => res.destroy())
    return
  }
  res.end(text)
}

/** The answer an injected status gives: Vercel's error body for that status unless the rule supplies one. */
function faultReply(fault: { status: number; retryAfter?: number; body?: object }, now: number): Reply {
  const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}
  if (fault.body) return { status: fault.status, body: fault.body, headers }
  if (fault.status === 429) {
    const resetMs = now + (fault.retryAfter ?? 60) * 1000
    const limit = { remaining: 0, reset: Math.ceil(resetMs / 1000), resetMs, total: 100 }
    return { status: 429, body: { error: { code: 'rate_limited', message: 'Too many requests', limit } }, headers }
  }
  const text = STATUS_CODES[fault.status] ?? 'Error'
  const code = text.toLowerCase().replace(/\W+/g, '_')
  return { status: fault.status, body: { error: { code, message: text } }, headers }
}

function scopeOf(query: Query): { teamId?: string; slug?: string } {
  const teamId = one(query, 'teamId')
  const slug = one(query, 'slug')
  return { ...(teamId !== undefined ? { teamId } : {}), ...(slug !== undefined ? { slug } : {}) }
}

function parseJson(raw: string): unknown {
  if (raw === '') return undefined
  try {
    return JSON.parse(raw)
  } catch {
    throw badRequest('Invalid JSON in the request body')
  }
}

function safeJson(raw: string): unknown {
  try {
    return raw === '' ? undefined : JSON.parse(raw)
  } catch {
    return raw
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref())
