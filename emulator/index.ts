import type { AddressInfo } from 'node:net'
import { Faults } from './faults.js'
import type { RateLimitOptions } from './ratelimit.js'
import { createEmulatorServer, DEPLOYMENT_PREFIX, type LoggedRequest, type Stats, type Visit } from './server.js'
import { newIssuer, OIDC_TOKEN_PATH } from './oidc.js'
import { State } from './state.js'

export interface EmulatorOptions {
  /**
   * The accepted bearer token (default 'testtoken'); any other gets 403 forbidden, invalidToken: true. Letters,
   * digits and `_` only, as real tokens are: the Vercel CLI refuses a `--token` with any other character.
   */
  token?: string
  /** How long a deployment stays BUILDING (default 200 ms). */
  buildMs?: number
  /** Minimum time a deployment spends QUEUED before it may start building (default 0). */
  queueMs?: number
  /** Deployments BUILDING at once per team; the rest wait QUEUED (default unlimited). */
  concurrentBuilds?: number
  rateLimit?: RateLimitOptions
  /** Deployments a team may create per 24 h through the API; beyond it Vercel answers 402. */
  deploymentQuota?: number
  /** Default 0: any free port on 127.0.0.1. */
  port?: number
  /** Time each request takes to answer (default 0), as real API calls do. */
  latencyMs?: number
  /** Keep the request log (default true); a long benchmark may turn it off. */
  log?: boolean
}

export interface Emulator {
  /** e.g. http://127.0.0.1:41234, for the SDK's serverURL. */
  url: string
  state: State
  requests: LoggedRequest[]
  stats: Stats
  faults: Faults
  /** Every visit to a deployment (health checks), in order. */
  visits: Visit[]
  /** A health-check template that reaches a deployment of this emulator, e.g. for path `/api/health`. */
  healthCheck(path?: string): string
  /**
   * Plays the runner's OIDC token service for a job of `repository`: the step's environment variables that let
   * `core.getIDToken()` mint tokens here (what `permissions: id-token: write` gives a job).
   */
  oidcEnv(repository?: string, lifetimeMs?: number): { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string }
  close(): Promise<void>
}

/** Starts a local, stateful stand-in for the part of api.vercel.com the action uses. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = new State({
    ...(options.buildMs !== undefined ? { buildMs: options.buildMs } : {}),
    ...(options.queueMs !== undefined ? { queueMs: options.queueMs } : {}),
    ...(options.concurrentBuilds !== undefined ? { concurrentBuilds: options.concurrentBuilds } : {}),
    ...(options.deploymentQuota !== undefined ? { deploymentQuota: options.deploymentQuota } : {}),
  })
  const faults = new Faults()
  const { server, requests, stats, visits } = createEmulatorServer(state, faults, {
    token: options.token ?? 'testtoken',
    log: options.log ?? true,
    ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo

  const url = `http://127.0.0.1:${port}`
  return {
    url,
    state,
    requests,
    stats,
    faults,
    visits,
    healthCheck: (path = '/api/health') => `${url}${DEPLOYMENT_PREFIX}{url}${path}`,
    oidcEnv: (repository = 'acme/platform', lifetimeMs) => {
      state.oidc ??= newIssuer(repository, lifetimeMs)
      // The runner's URL carries its own query; getIDToken appends `&audience=` when one is asked for.
      return { ACTIONS_ID_TOKEN_REQUEST_URL: `${url}${OIDC_TOKEN_PATH}?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: state.oidc.requestToken }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        // Clients keep connections alive; without this close() would wait for them to time out.
        server.closeAllConnections()
      }),
  }
}

export { State } from './state.js'
export type { AddDeploymentInput, CreateDeploymentInput, ProjectRef, StateOptions } from './state.js'
export { Faults } from './faults.js'
export type { FaultAction, FaultRule, FaultStep } from './faults.js'
export type { LoggedRequest, Stats, Visit } from './server.js'
export type { RateLimitOptions } from './ratelimit.js'
export { ApiError } from './errors.js'
export { seedDemo, seedProving, seedTeam } from './seed.js'
export { auditStamp, seedAuditTeam } from './seed-audit.js'
export type { AuditSeed, AuditSeedOptions } from './seed-audit.js'
export { CREATOR, SEED_USER } from './users.js'
export type * from './model.js'
