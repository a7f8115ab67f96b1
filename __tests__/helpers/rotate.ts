/** Runs the rotation core through the real SDK port against the emulator, with a quick polling clock. */
import { parseInputs, type RawInputs } from '../../src/inputs.js'
import { runRotation } from '../../src/rotation/run.js'
import { credentialOf } from '../../src/rotation/credential.js'
import { oidcTokens } from '../../src/rotation/oidc.js'
import type { RunContext, RunResult } from '../../src/rotation/types.js'
import { sleep } from '../../src/vercel/retry.js'
import { SdkVercel } from '../../src/vercel/sdk.js'
import type { Emulator } from '../../emulator/index.js'

export const TOKEN = 'testtoken'

export interface Rotated {
  result: RunResult
  logs: string[]
}

export function runContext(over: Partial<RunContext> = {}): RunContext {
  return {
    repository: 'acme/platform',
    runId: '777',
    runAttempt: 1,
    actor: 'octocat',
    workflow: 'Rotate',
    invocation: `777.1.${Math.random()}`,
    ...over,
  }
}

/** Polls every 50 ms instead of Vercel's 1 s, so a test of many waits stays quick. */
const quick = { now: Date.now, sleep: (ms: number, signal?: AbortSignal) => sleep(Math.min(ms, 50), signal) }

export async function rotate(
  emulator: Emulator,
  raw: RawInputs,
  o: {
    run?: Partial<RunContext>
    timeoutMs?: number
    signal?: AbortSignal
    policy?: Partial<import('../../src/vercel/retry.js').RetryPolicy>
    onSecret?: (secret: string) => void
    /** The step's environment: several keys read their values from it. */
    env?: NodeJS.ProcessEnv
    /** Sees each generated value as the shell's masking would. */
    onGenerated?: (secret: string) => void
    /** The job can mint OIDC tokens (id-token: write), from the emulator's token service; each is masked with onSecret. */
    oidc?: boolean
    /** The port's per-request timeout (default 5 s: a loaded machine can take seconds to answer). */
    requestTimeoutMs?: number
    /** The wait's clock (default: real time, sleeps cut to 50 ms). */
    clock?: { now: () => number; sleep: (ms: number, signal?: AbortSignal) => Promise<void> }
  } = {},
): Promise<Rotated> {
  const { settings: config, secrets, warnings } = parseInputs({ 'vercel-token': TOKEN, 'api-url': emulator.url, ...raw }, o.env ?? {})
  const credential = credentialOf({ ...config, value: secrets.value, previousValue: secrets.previousValue }, o.env ?? {}, o.onGenerated ?? (() => {}))
  const deadline = (o.clock ?? quick).now() + (o.timeoutMs ?? config.timeoutMs)
  const logs: string[] = []
  const port = new SdkVercel({
    token: secrets.token,
    apiUrl: config.apiUrl,
    team: config.team,
    deadline,
    signal: o.signal,
    requestTimeoutMs: o.requestTimeoutMs ?? 5_000,
    ...(o.onSecret ? { onSecret: o.onSecret } : {}),
    policy: { baseDelayMs: 20, maxDelayMs: 200, ...o.policy },
  })
  const result = await runRotation(config, credential, {
    port,
    run: runContext(o.run),
    log: { info: (m) => logs.push(m), warning: (m) => logs.push(`warning: ${m}`), debug: () => {} },
    clock: o.clock ?? quick,
    signal: o.signal,
    deadline,
    ...(secrets.protectionBypass ? { protectionBypass: secrets.protectionBypass } : {}),
    warnings,
    ...(o.oidc ? { oidcToken: oidcTokens(() => mintFrom(emulator), o.onSecret ?? (() => {})) } : {}),
  })
  return { result, logs }
}

/** What `core.getIDToken()` does, against the emulator's token service. */
async function mintFrom(emulator: Emulator): Promise<string> {
  const env = emulator.oidcEnv()
  const res = await fetch(env.ACTIONS_ID_TOKEN_REQUEST_URL, { headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } })
  return ((await res.json()) as { value: string }).value
}

/**
 * One clock for the emulator's builds and the wait, moved on by the wait's sleeps once `creates` redeploys are
 * answered: minutes of building and waiting pass in milliseconds, and in the same order as in real time.
 */
export function sharedClock(emulator: Emulator, creates: number): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = Date.now()
  emulator.state.clock = () => t
  return {
    now: () => t,
    sleep: async (ms: number) => {
      while (redeploys(emulator).length < creates) await new Promise((r) => setTimeout(r, 5))
      // An answer the emulator has sent may not have reached the action yet: let it, before time jumps on.
      await new Promise((r) => setTimeout(r, 2))
      t += ms
      // And once more after the jump, before the wait reads the clock again.
      await new Promise((r) => setImmediate(r))
    },
  }
}

/** The rotation stamp a run of runContext() (acme/platform run 777, first attempt) writes, at any second. */
export const STAMP = /\[rotate-vercel-secret: rotated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ by acme\/platform run 777\]/
/** A comment that is the stamp alone: what a record without a comment of its own gets. */
export const STAMP_ONLY = new RegExp(`^${STAMP.source}$`)

export const writes = (e: Emulator) => e.requests.filter((r) => r.method !== 'GET')
/** The requests sent before the first write: planning's reads. */
export const beforeFirstWrite = (e: Emulator) => {
  const first = e.requests.findIndex((r) => r.method !== 'GET')
  return first < 0 ? e.requests : e.requests.slice(0, first)
}
export const envWrites = (e: Emulator) => writes(e).filter((r) => r.path.includes('/env'))
export const redeploys = (e: Emulator) => e.requests.filter((r) => r.method === 'POST' && r.path === '/v13/deployments' && r.status === 200)
export const statusOf = (r: RunResult) => Object.fromEntries(r.projects.map((p) => [p.name, p.status]))

/** Team acme with web and api, each serving production since yesterday and holding a sensitive production DATABASE_URL. */
export async function twoProjects(o: { buildMs?: number } = {}): Promise<Emulator> {
  const { startEmulator } = await import('../../emulator/index.js')
  const emulator = await startEmulator({ buildMs: o.buildMs ?? 80 })
  const s = emulator.state
  s.addTeam({ id: 'team_acme', slug: 'acme' })
  for (const name of ['web', 'api']) {
    s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
    s.addDeployment(name, { target: 'production', createdAt: Date.now() - 86_400_000 })
    s.addProjectEnv(name, { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
  }
  return emulator
}
