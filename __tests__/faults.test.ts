/**
 * The fault matrix: a team rotation through the real SDK against the emulator while Vercel misbehaves.
 * Every scenario checks what a user relies on: the outcome, safe-to-revoke, a summary that tells the truth,
 * no write that should not happen, no project redeployed twice, and neither the token nor the value anywhere.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator, type EmulatorOptions, type FaultRule } from '../emulator/index.js'
import type { TeamSeed } from '../emulator/seed.js'
import { parseInputs, type RawInputs } from '../src/inputs.js'
import { outputsOf } from '../src/report/outputs.js'
import { renderSummary } from '../src/report/summary.js'
import type { RunResult } from '../src/rotation/types.js'
import { CANARIES, CANARY_TOKEN, CANARY_VALUE } from './helpers/canaries.js'
import { redeploys, rotate, statusOf, writes, type Rotated } from './helpers/rotate.js'

const DAY = 86_400_000
const CREATE = '/v13/deployments'
const LIST = '/v7/deployments'
const PROJECT = '/v9/projects/{idOrName}'
const SHARED = '/v1/env'

// The emulator accepts only the canary token, so a leak of the token that works is what the checks look for.
const base: RawInputs = { 'vercel-token': CANARY_TOKEN, scope: 'team', team: 'bench', name: 'SHARED_SECRET', value: CANARY_VALUE }

let emulator: Emulator
afterEach(async () => emulator?.close())

interface Team extends TeamSeed {
  /** Epoch ms after seeding: every deployment created at or after it was created by the run. */
  since: number
}

async function team(projects: number, o: EmulatorOptions = {}): Promise<Team> {
  emulator = await startEmulator({ token: CANARY_TOKEN, buildMs: 100, ...o })
  const seed = seedTeam(emulator.state, { projects, key: 'SHARED_SECRET' })
  return { ...seed, since: Date.now() }
}

/** A burst on one route: each status answers one request, in order. */
function burst(method: string, path: string, steps: Omit<FaultRule, 'method' | 'path'>[]): void {
  for (const step of steps) emulator.faults.add({ method, path, ...step } as FaultRule)
}

const sourceOf = (r: { body: unknown }) => (r.body as { deploymentId?: string } | undefined)?.deploymentId ?? '?'
/** The requests to one route; the count of previews left on the old value (planning, `target=preview`) aside. */
const requestsTo = (method: string, path: string) =>
  emulator.requests.filter((r) => r.method === method && r.path === path && r.query.target !== 'preview')
const sharedValue = (seed: Team) => emulator.state.sharedEnvs(seed.team.id).find((s) => s.id === seed.shared.id)!.value

/** Deployments of a project created by the run, whatever the answer to their create said. */
const createdBy = (projectId: string, since: number) => emulator.state.deployments(projectId).filter((d) => d.createdAt >= since)

/**
 * No project redeployed twice: at most one successful create per source deployment, and at most one deployment
 * per project in Vercel itself (a create answered with an error may still have happened).
 */
function expectNoDoubleRedeploy(seed: Team): void {
  const perSource = new Map<string, number>()
  for (const r of redeploys(emulator)) perSource.set(sourceOf(r), (perSource.get(sourceOf(r)) ?? 0) + 1)
  for (const [source, n] of perSource) expect(n, `successful creates from ${source}`).toBe(1)
  for (const p of seed.projects) expect(createdBy(p.id, seed.since).length, `deployments created for ${p.name}`).toBeLessThanOrEqual(1)
}

/**
 * What the step would show (summary, outputs, logs, result): free of canaries, and telling the same story as
 * the result. Mirrors main.ts: the run's error is the summary's error.
 */
function report(raw: RawInputs, result: RunResult | undefined, o: { logs?: string[]; error?: string } = {}) {
  const { settings } = parseInputs({ 'api-url': emulator.url, ...raw })
  const error = o.error ?? result?.error
  const summary = renderSummary({ name: raw.name, settings, result, error })
  const outputs = outputsOf(result)
  const everything = [summary, JSON.stringify(outputs), JSON.stringify(result ?? {}), error ?? '', ...(o.logs ?? [])].join('\n')
  for (const canary of CANARIES) expect(everything.includes(canary), 'a canary leaked into what the step shows').toBe(false)

  const safe = result?.safeToRevoke ?? false
  expect(outputs['safe-to-revoke']).toBe(String(safe))
  expect(summary).toContain(`safe-to-revoke: \`${safe}\``)
  if (safe) expect(summary).toMatch(/can be revoked/)
  else expect(summary).not.toMatch(/can be revoked|Revoke the old credential now/)
  for (const p of result?.projects ?? []) expect(summary).toContain(`| ${p.name} |`)
  const failed = (result?.projects ?? []).filter((p) => p.status === 'failed').map((p) => p.name)
  expect(outputs['failed-projects']).toBe(failed.join(','))
  return { summary, outputs }
}

/** The whole rotation went through: one write of the value, one redeploy per project, each serving the value. */
function expectRotated(seed: Team, { result, logs }: Rotated): void {
  expect(result.error).toBeUndefined()
  expect(statusOf(result)).toEqual(Object.fromEntries(seed.projects.map((p) => [p.name, 'redeployed'])))
  expect(result.safeToRevoke).toBe(true)
  expect(sharedValue(seed)).toBe(CANARY_VALUE)
  // Nothing but the write and the redeploys changed anything.
  expect(new Set(writes(emulator).map((r) => `${r.method} ${r.path}`))).toEqual(new Set([`PATCH ${SHARED}`, `POST ${CREATE}`]))
  expect(requestsTo('PATCH', SHARED).filter((r) => r.status === 200)).toHaveLength(1)
  expectNoDoubleRedeploy(seed)
  for (const p of seed.projects) {
    const [rebuilt] = createdBy(p.id, seed.since)
    expect(rebuilt, `a redeploy of ${p.name}`).toBeDefined()
    expect(emulator.state.servingDeployment(p.id)!.uid).toBe(rebuilt!.uid)
    expect(rebuilt!.env.SHARED_SECRET).toBe(CANARY_VALUE)
  }
  report(base, result, { logs })
}

/** Nothing was redeployed and the value in Vercel is unchanged. */
function expectNothingDone(seed: Team): void {
  expect(redeploys(emulator)).toHaveLength(0)
  for (const p of seed.projects) expect(createdBy(p.id, seed.since)).toHaveLength(0)
  expect(sharedValue(seed)).toBe('old-secret-value')
}

describe('transient faults are retried and the rotation completes', () => {
  it('every route answers 503, 503, then 429 (Retry-After: 1) first: all 10 projects redeployed once, safe to revoke', async () => {
    const seed = await team(10)
    emulator.faults.firstRequestsOfEachRoute([503, 503, { status: 429, retryAfter: 1 }])
    const rotated = await rotate(emulator, base)
    expectRotated(seed, rotated)
    // The faults really were served, on every route the rotation uses.
    for (const [method, path] of [
      ['GET', SHARED],
      ['PATCH', SHARED],
      ['POST', CREATE],
      ['GET', LIST],
    ] as const) {
      const statuses = emulator.requests.filter((r) => r.method === method && r.path === path).map((r) => r.status)
      expect(
        statuses.filter((s) => s === 503),
        `${method} ${path}`,
      ).toHaveLength(2)
      expect(
        statuses.filter((s) => s === 429),
        `${method} ${path}`,
      ).toHaveLength(1)
    }
    const reads = emulator.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v9/projects/')).map((r) => r.status)
    expect(reads.filter((s) => s === 503)).toHaveLength(2)
    expect(reads.filter((s) => s === 429)).toHaveLength(1)
  })

  it('429 bursts on the env and deployment endpoints: waits as long as Retry-After says, then succeeds', async () => {
    const seed = await team(4)
    const limited = { kind: 'status', status: 429, retryAfter: 1 } as const
    burst('PATCH', SHARED, [limited, limited])
    burst('POST', CREATE, [limited, limited, limited])
    burst('GET', LIST, [limited, limited])
    const rotated = await rotate(emulator, base)
    expectRotated(seed, rotated)
    expect(emulator.requests.filter((r) => r.status === 429)).toHaveLength(7)

    // The next request of the same kind (same create source) came no sooner than Retry-After allowed.
    const sameKind = (a: (typeof emulator.requests)[number], b: (typeof emulator.requests)[number]) =>
      a.method === b.method && a.path === b.path && (a.method !== 'POST' || sourceOf(a) === sourceOf(b))
    const log = emulator.requests
    log.forEach((r, i) => {
      if (r.status !== 429) return
      const next = log.slice(i + 1).find((n) => sameKind(n, r))
      expect(next, `a retry of ${r.method} ${r.path}`).toBeDefined()
      expect(next!.at - r.at, `${r.method} ${r.path} retried too early`).toBeGreaterThanOrEqual(1_000)
    })
  })

  it('bursts of 500, 502 and 504 on every route: retried with backoff, then succeeds', async () => {
    const seed = await team(5)
    const errors = [500, 502, 504].map((status) => ({ kind: 'status', status }) as const)
    burst('GET', SHARED, errors)
    burst('GET', PROJECT, errors)
    burst('PATCH', SHARED, errors)
    burst('POST', CREATE, errors)
    burst('GET', LIST, errors)
    const rotated = await rotate(emulator, base)
    expectRotated(seed, rotated)
    for (const status of [500, 502, 504]) expect(emulator.requests.filter((r) => r.status === status)).toHaveLength(5)
  })

  it('a connection reset before any answer on the shared-variable update: retried, the value written once', async () => {
    const seed = await team(3)
    emulator.faults.add({ method: 'PATCH', path: SHARED, kind: 'reset' })
    const rotated = await rotate(emulator, base)
    expectRotated(seed, rotated)
    expect(requestsTo('PATCH', SHARED).map((r) => r.status)).toEqual([0, 200])
  })

  it('connections dropped halfway through the answer of a project read and of the deployments list: retried', async () => {
    const seed = await team(3)
    emulator.faults.add({ method: 'GET', path: PROJECT, kind: 'reset-mid-response' })
    emulator.faults.add({ method: 'GET', path: LIST, kind: 'reset-mid-response', times: 2 })
    const rotated = await rotate(emulator, base)
    expectRotated(seed, rotated)
    const dropped = emulator.requests.filter((r) => r.status === 0)
    expect(dropped.filter((r) => r.path.startsWith('/v9/projects/'))).toHaveLength(1)
    expect(dropped.filter((r) => r.path === LIST)).toHaveLength(2)
    // The project whose read was dropped was read again (and once more before the verdict).
    const again = dropped.find((r) => r.path.startsWith('/v9/projects/'))!
    expect(emulator.requests.filter((r) => r.path === again.path && r.method === 'GET').map((r) => r.status)).toEqual([0, 200, 200])
  })

  it('a deployments list refusing the state filter (400): later reads list every state, and the rotation succeeds', async () => {
    const seed = await team(3)
    emulator.faults.add({
      method: 'GET',
      path: LIST,
      status: 400,
      kind: 'status',
      body: { error: { code: 'bad_request', message: 'Invalid query' } },
      after: 2, // the first two reads count the previews (in the 30-day window, and before it); the wait's reads follow
    })
    const rotated = await rotate(emulator, base)
    expectRotated(seed, rotated)
    const reads = requestsTo('GET', LIST)
    expect(reads[0]).toMatchObject({ status: 400, query: { state: 'READY,ERROR,CANCELED,BLOCKED' } })
    expect(reads.slice(1).length).toBeGreaterThan(0)
    expect(reads.slice(1).every((r) => r.status === 200 && r.query.state === undefined)).toBe(true)
  })

  it('an answer slower than the request timeout on a read: abandoned, retried, and the rotation succeeds', async () => {
    const seed = await team(3)
    // A request timeout of 2 s.
    emulator.faults.add({ method: 'GET', path: PROJECT, kind: 'delay', ms: 2_600 })
    const rotated = await rotate(emulator, base, { requestTimeoutMs: 2_000 })
    expectRotated(seed, rotated)
    const reads = emulator.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v9/projects/'))
    // Each project read to plan and again before the verdict, and the abandoned one once more.
    expect(reads).toHaveLength(2 * seed.projects.length + 1)
  })
})

describe('an ambiguous create is looked up, never repeated', () => {
  it.each([
    ['answered 503 although the deployment was created', { kind: 'apply-then-status', status: 503 }],
    ['answered 504 although the deployment was created', { kind: 'apply-then-status', status: 504 }],
    ['created, then the connection dropped mid-answer', { kind: 'reset-mid-response' }],
  ] as const)('%s: exactly one new deployment per project', async (_, fault) => {
    const seed = await team(4)
    // Every project's first create is ambiguous.
    emulator.faults.add({ method: 'POST', path: CREATE, times: seed.projects.length, ...fault })
    const rotated = await rotate(emulator, base)
    expectRotated(seed, rotated)
    for (const p of seed.projects) expect(createdBy(p.id, seed.since), p.name).toHaveLength(1)
    // Found by the run's marker: no second create was sent at all.
    expect(requestsTo('POST', CREATE)).toHaveLength(seed.projects.length)
    expect(redeploys(emulator)).toHaveLength(0)
    const reported = rotated.result.projects.map((p) => p.deployment?.id).sort()
    expect(reported).toEqual(seed.projects.map((p) => createdBy(p.id, seed.since)[0]!.uid).sort())
  })

  it('a create answered later than the request timeout is still one deployment, not two', async () => {
    const seed = await team(2)
    // A request timeout of 2 s; Vercel carries the create out after 2.6 s, when the client has given up.
    emulator.faults.add({ method: 'POST', path: CREATE, kind: 'delay', ms: 2_600 })
    const { result, logs } = await rotate(emulator, base, { requestTimeoutMs: 2_000 })
    // Let the slow create land before counting what Vercel holds.
    const slow = requestsTo('POST', CREATE)[0]!
    while (Date.now() < slow.at + 2_800) await new Promise((r) => setTimeout(r, 50))

    expectNoDoubleRedeploy(seed)
    // Whatever the run reported, it is what serves: no unseen deployment replaced it afterwards.
    for (const p of result.projects.filter((p) => p.status === 'redeployed')) {
      expect(emulator.state.servingDeployment(p.id)!.uid, p.name).toBe(p.deployment!.id)
    }
    report(base, result, { logs })
  })
})

describe('deployments that do not serve are failures', () => {
  it('ERROR, CANCELED and a build that never ends fail their projects, with notes; the rest succeed', async () => {
    const seed = await team(4)
    const [broken, ignored, stuck] = seed.projects
    emulator.state.failNextBuild(broken!.id, 'ERROR')
    emulator.state.failNextBuild(ignored!.id, 'CANCELED')
    emulator.state.failNextBuild(stuck!.id, 'HANG')
    const started = Date.now()
    const { result, logs } = await rotate(emulator, base, { timeoutMs: 1_500 })
    expect(Date.now() - started).toBeLessThan(5_000)

    expect(statusOf(result)).toEqual({ 'app-001': 'failed', 'app-002': 'failed', 'app-003': 'failed', 'app-004': 'redeployed' })
    const note = (name: string) => result.projects.find((p) => p.name === name)!.note
    expect(note('app-001')).toMatch(/build failed \(ERROR\)/)
    expect(note('app-002')).toMatch(/canceled/)
    expect(note('app-003')).toMatch(/Not serving production before the timeout/)
    // Reads while waiting list only builds that ended; the one at the timeout lists every state, so the note is exact.
    const reads = requestsTo('GET', LIST)
    expect(reads.slice(0, -1).every((r) => r.query.state === 'READY,ERROR,CANCELED,BLOCKED')).toBe(true)
    expect(reads.at(-1)!.query.state).toBeUndefined()
    expect(note('app-003')).toMatch(/\(state BUILDING\)/)
    expect(result.safeToRevoke).toBe(false)
    expectNoDoubleRedeploy(seed)
    expect(redeploys(emulator)).toHaveLength(4)

    const { summary, outputs } = report(base, result, { logs })
    expect(outputs['failed-projects']).toBe('app-001,app-002,app-003')
    for (const name of ['app-001', 'app-002', 'app-003']) expect(summary).toMatch(new RegExp(`\\| ${name} \\|.*❌ failed`))
    expect(summary).toMatch(/\| app-004 \|.*✅ redeployed/)
    expect(summary).toMatch(/Do not revoke the old credential/)
  })

  it('a failed[] entry in the shared update (HTTP 200) is an error: nothing redeployed, not safe', async () => {
    const seed = await team(3)
    emulator.state.failNextSharedUpdate(seed.shared.id, { code: 'forbidden', message: 'Not allowed to edit this variable' })
    const { result, logs } = await rotate(emulator, base)
    expect(requestsTo('PATCH', SHARED).map((r) => r.status)).toEqual([200])
    expect(result.error).toMatch(/refused for 1 record.*Not allowed to edit/)
    expect(result.safeToRevoke).toBe(false)
    expect(new Set(result.projects.map((p) => p.status))).toEqual(new Set(['failed']))
    expectNothingDone(seed)
    expect(writes(emulator).map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH ${SHARED}`])
    const { summary } = report(base, result, { logs })
    expect(summary).toMatch(/Not allowed to edit this variable/)
  })

  it('a rollback during the wait is the user’s choice: the rebuild is not promoted over it, and the project fails', async () => {
    const seed = await team(2, { buildMs: 600 })
    const [rolled, other] = seed.projects
    const older = emulator.state.addDeployment(rolled!.id, { target: 'production', createdAt: Date.now() - 2 * DAY, serving: false })
    const source = emulator.state.servingDeployment(rolled!.id)!

    let finished = false
    const running = rotate(emulator, base).finally(() => (finished = true))
    // Someone rolls production back once the redeploy is created, while it builds.
    while (!finished && !redeploys(emulator).some((r) => sourceOf(r) === source.uid)) await new Promise((r) => setTimeout(r, 5))
    expect(finished, 'the run ended before its redeploy was created').toBe(false)
    emulator.state.rollback(rolled!.id, older.uid)
    const { result, logs } = await running

    expect(statusOf(result)).toEqual({ [rolled!.name]: 'failed', [other!.name]: 'redeployed' })
    expect(result.projects[0]!.note).toMatch(/Production changed during the rotation/)
    expect(result.safeToRevoke).toBe(false)
    // Production still serves what the user rolled back to; the rebuild waits, staged.
    expect(emulator.state.servingDeployment(rolled!.id)!.uid).toBe(older.uid)
    const [rebuilt] = createdBy(rolled!.id, seed.since)
    expect(rebuilt).toMatchObject({ readyState: 'READY', readySubstate: 'STAGED' })
    expect(emulator.requests.some((r) => r.method === 'POST' && r.path.includes('/promote/'))).toBe(false)
    expectNoDoubleRedeploy(seed)
    report(base, result, { logs })
  })
})

// A regression here hangs rather than fails: each test gets a short timeout of its own.
const ENDS_WITHIN = 15_000

describe('retries end', () => {
  it(
    '503 forever on the create: each project fails with the fix, nothing created, the run ends',
    async () => {
      const seed = await team(3)
      emulator.faults.add({ method: 'POST', path: CREATE, kind: 'status', status: 503, times: Infinity })
      const started = Date.now()
      const { result, logs } = await rotate(emulator, base)
      expect(Date.now() - started).toBeLessThan(10_000)
      expect(new Set(result.projects.map((p) => p.status))).toEqual(new Set(['failed']))
      for (const p of result.projects) expect(p.note).toMatch(/HTTP 503.*re-run the job/)
      expect(result.safeToRevoke).toBe(false)
      expectNoDoubleRedeploy(seed)
      for (const p of seed.projects) expect(createdBy(p.id, seed.since)).toHaveLength(0)
      // Bounded tries per project (the retry policy's maxTries), not an endless loop.
      const perSource = new Map<string, number>()
      for (const r of requestsTo('POST', CREATE)) perSource.set(sourceOf(r), (perSource.get(sourceOf(r)) ?? 0) + 1)
      expect(perSource.size).toBe(3)
      for (const n of perSource.values()) expect(n).toBeLessThanOrEqual(6)
      report(base, result, { logs })
    },
    ENDS_WITHIN,
  )

  it(
    '429 forever on the write: gives up at the deadline with the fix, nothing redeployed',
    async () => {
      const seed = await team(3)
      emulator.faults.add({ method: 'PATCH', path: SHARED, kind: 'status', status: 429, retryAfter: 1, times: Infinity })
      const started = Date.now()
      const { result, logs } = await rotate(emulator, base, { timeoutMs: 2_500 })
      expect(Date.now() - started).toBeLessThan(4_000)
      expect(result.error).toMatch(/HTTP 429.*raise timeout-minutes/)
      expect(result.safeToRevoke).toBe(false)
      expectNothingDone(seed)
      // Retries honoured Retry-After up to the deadline, and not past it.
      const tries = requestsTo('PATCH', SHARED)
      expect(tries.length).toBeGreaterThanOrEqual(2)
      expect(tries.length).toBeLessThanOrEqual(3)
      const { summary } = report(base, result, { logs })
      expect(summary).toMatch(/Nothing was redeployed, and the old credential is still needed/)
    },
    ENDS_WITHIN,
  )

  it(
    '503 forever on a read: the run stops before writing, with the fix',
    async () => {
      const seed = await team(3)
      emulator.faults.add({ method: 'GET', path: SHARED, kind: 'status', status: 503, times: Infinity })
      const error = await rotate(emulator, base).then(
        () => undefined,
        (err: Error) => err.message,
      )
      expect(error).toMatch(/List shared variables.*HTTP 503.*re-run the job/)
      expect(requestsTo('GET', SHARED).length).toBeLessThanOrEqual(6)
      expect(writes(emulator)).toHaveLength(0)
      expectNothingDone(seed)
      report(base, undefined, { error })
    },
    ENDS_WITHIN,
  )
})

describe('a refusal is never retried', () => {
  it.each([400, 403])(
    'HTTP %i on every deployments list while waiting: the wait ends at once with the reason, not at the deadline',
    async (status) => {
      const seed = await team(3)
      // Vercel's answer to a listing it will never accept (the first two reads count the previews).
      const body = { error: { code: 'bad_request', message: 'Invalid request: `projectIds` should NOT have more than 20 items' } }
      emulator.faults.add({ method: 'GET', path: LIST, kind: 'status', status, body, after: 2, times: Infinity })
      const { result, logs } = await rotate(emulator, base, { timeoutMs: 8_000 })
      // A 400 drops the state filter once and reads again; then, like any other refusal, it is not sent again.
      // Each build's read was refused once, never sent again pass after pass. A 400 first drops the state filter
      // (should Vercel refuse only that) and reads again: a 400 then is a refusal like any other.
      const refused = requestsTo('GET', LIST).filter((r) => r.status === status && (status !== 400 || r.query.state === undefined))
      for (const p of seed.projects) {
        expect(
          refused.filter((r) => [r.query.projectIds ?? r.query.projectId].flat().includes(p.id)),
          p.name,
        ).toHaveLength(1)
      }
      if (status === 400) expect(requestsTo('GET', LIST).filter((r) => r.status === 400 && r.query.state !== undefined)).toHaveLength(1)
      expect(logs.filter((l) => l.includes('trying again'))).toEqual([])
      expect(new Set(result.projects.map((p) => p.status))).toEqual(new Set(['failed']))
      for (const p of result.projects) {
        expect(p.note).toMatch(new RegExp(`Reading the state of the new deployments stopped: .*HTTP ${status}.*projectIds`))
        expect(p.note).toMatch(/rather than at timeout-minutes.*re-run the job/)
      }
      expect(result.safeToRevoke).toBe(false)
      expectNoDoubleRedeploy(seed)
      report(base, result, { logs })
    },
    ENDS_WITHIN,
  )

  it.each([400, 403, 404])('HTTP %i on the write: sent once, nothing redeployed', async (status) => {
    const seed = await team(3)
    emulator.faults.add({ method: 'PATCH', path: SHARED, kind: 'status', status, times: Infinity })
    const { result, logs } = await rotate(emulator, base)
    expect(requestsTo('PATCH', SHARED)).toHaveLength(1)
    expect(result.error).toMatch(new RegExp(`HTTP ${status}`))
    expect(result.safeToRevoke).toBe(false)
    expectNothingDone(seed)
    report(base, result, { logs })
  })

  it.each([400, 403, 404])('HTTP %i on the create: one create per project, no lookup, each project failed', async (status) => {
    const seed = await team(3)
    emulator.faults.add({ method: 'POST', path: CREATE, kind: 'status', status, times: Infinity })
    const { result, logs } = await rotate(emulator, base)
    const creates = requestsTo('POST', CREATE)
    expect(creates).toHaveLength(3)
    expect(new Set(creates.map(sourceOf)).size).toBe(3)
    // A refused create is not ambiguous: no deployment list is read to look for it.
    expect(requestsTo('GET', LIST)).toHaveLength(0)
    expect(new Set(result.projects.map((p) => p.status))).toEqual(new Set(['failed']))
    for (const p of result.projects) expect(p.note).toMatch(new RegExp(`HTTP ${status}`))
    expect(result.safeToRevoke).toBe(false)
    expectNoDoubleRedeploy(seed)
    report(base, result, { logs })
  })
})
