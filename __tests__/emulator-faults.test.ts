/** Rate limiting, injected faults and the request log, seen through the SDK and through raw HTTP. */
import { VercelCore } from '@vercel/sdk/core.js'
import { deploymentsCreateDeployment } from '@vercel/sdk/funcs/deploymentsCreateDeployment.js'
import { deploymentsGetDeployments } from '@vercel/sdk/funcs/deploymentsGetDeployments.js'
import { projectsFilterProjectEnvs } from '@vercel/sdk/funcs/projectsFilterProjectEnvs.js'
import { ConnectionError, RequestTimeoutError } from '@vercel/sdk/models/httpclienterrors.js'
import { SDKError } from '@vercel/sdk/models/sdkerror.js'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.js'
import { seedDemo } from '../emulator/seed.js'

const teamId = 'team_acme'
let emulator: Emulator | undefined

async function start(options: EmulatorOptions = {}): Promise<{ emulator: Emulator; client: VercelCore }> {
  emulator = await startEmulator(options)
  seedDemo(emulator.state)
  return { emulator, client: new VercelCore({ bearerToken: 'testtoken', serverURL: emulator.url }) }
}

afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function get(base: string, path: string): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: 'Bearer testtoken' } })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined }
}

const listEnvs = `/v10/projects/web/env?teamId=${teamId}`
const listDeployments = `/v7/deployments?teamId=${teamId}`

describe('rate limit', () => {
  it('answers 429 with Retry-After and Vercel limit body once the window is spent, per endpoint group', async () => {
    const { emulator } = await start({ rateLimit: { limit: 2, windowMs: 10_000 } })
    let now = 1_900_000_000_000
    emulator.state.clock = () => now

    expect((await get(emulator.url, listEnvs)).status).toBe(200)
    expect((await get(emulator.url, '/v1/env')).status).toBe(200)
    now += 2_500
    const limited = await get(emulator.url, listEnvs)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('8')
    expect(limited.body).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringContaining('api-projects'),
        limit: { remaining: 0, reset: Math.ceil((now - 2_500 + 10_000) / 1000), resetMs: now - 2_500 + 10_000, total: 2 },
      },
    })
    // Deployments are another bucket, not limited by default.
    expect((await get(emulator.url, listDeployments)).status).toBe(200)
    expect(emulator.stats.rateLimited).toBe(1)

    now += 7_500
    expect((await get(emulator.url, listEnvs)).status).toBe(200)
  })

  it("bucket 'deployments' and 'all' choose what is limited", async () => {
    const { emulator } = await start({ rateLimit: { limit: 1, bucket: 'deployments' } })
    await get(emulator.url, listEnvs)
    expect((await get(emulator.url, listEnvs)).status).toBe(200)
    await get(emulator.url, listDeployments)
    const limited = await get(emulator.url, listDeployments)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    await emulator.close()

    const all = await start({ rateLimit: { limit: 1, bucket: 'all' } })
    await get(all.emulator.url, listEnvs)
    await get(all.emulator.url, listDeployments)
    expect((await get(all.emulator.url, listEnvs)).status).toBe(429)
    expect((await get(all.emulator.url, listDeployments)).status).toBe(429)
    expect(all.emulator.stats.rateLimited).toBe(2)
  })

  it('the SDK surfaces a 429 as SDKError (no retries by default)', async () => {
    const { client } = await start({ rateLimit: { limit: 0 } })
    const result = await projectsFilterProjectEnvs(client, { idOrName: 'web', teamId })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error).toBeInstanceOf(SDKError)
    expect(!result.ok && (result.error as SDKError).statusCode).toBe(429)
  })
})

describe('faults', () => {
  it('status faults use Vercel error bodies, honour times/after, and match templates', async () => {
    const { emulator } = await start()
    emulator.faults.add({ kind: 'status', status: 503, path: '/v10/projects/{idOrName}/env', after: 1, times: 2 })
    expect((await get(emulator.url, listEnvs)).status).toBe(200)
    const failed = await get(emulator.url, listEnvs)
    expect(failed).toMatchObject({ status: 503, body: { error: { code: 'service_unavailable' } } })
    expect((await get(emulator.url, '/v10/projects/api/env')).status).toBe(503)
    expect((await get(emulator.url, listEnvs)).status).toBe(200)

    emulator.faults.add({ kind: 'status', status: 429, retryAfter: 3, method: 'get', path: /^\/v7\// })
    const limited = await get(emulator.url, listDeployments)
    expect(limited.headers.get('retry-after')).toBe('3')
    expect(limited.body).toMatchObject({ error: { code: 'rate_limited', limit: { remaining: 0 } } })
    expect(emulator.stats.rateLimited).toBe(1)

    emulator.faults.add({ kind: 'status', status: 500, body: { error: { code: 'custom', message: 'boom' } } })
    emulator.faults.clear()
    expect((await get(emulator.url, listDeployments)).status).toBe(200)
  })

  it('firstRequestsOfEachRoute answers each route with the sequence, then normally', async () => {
    const { emulator } = await start()
    emulator.faults.firstRequestsOfEachRoute([503, 503, { status: 429, retryAfter: 1 }])
    for (const path of [listEnvs, listDeployments]) {
      const statuses: number[] = []
      for (let i = 0; i < 4; i++) statuses.push((await get(emulator.url, path)).status)
      expect(statuses).toEqual([503, 503, 429, 200])
    }
    // Same route, other project: already past the sequence.
    expect((await get(emulator.url, '/v10/projects/api/env')).status).toBe(200)
    expect(emulator.faults.fired).toBe(6)
  })

  it('an SDK with backoff retries through 503 and 429 + Retry-After', async () => {
    const { emulator, client } = await start()
    emulator.faults.firstRequestsOfEachRoute([503, { status: 429, retryAfter: 1 }])
    const started = Date.now()
    const result = await deploymentsGetDeployments(
      client,
      { teamId, projectId: 'prj_web' },
      { retries: { strategy: 'backoff', backoff: { initialInterval: 10, maxInterval: 2_000, exponent: 1, maxElapsedTime: 10_000 } } },
    )
    expect(result.ok).toBe(true)
    expect(emulator.requests.map((r) => r.status)).toEqual([503, 429, 200])
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
  })

  it('reset drops the connection: ConnectionError, logged with status 0', async () => {
    const { emulator, client } = await start()
    emulator.faults.add({ kind: 'reset', path: '/v10/projects/web/env' })
    const result = await projectsFilterProjectEnvs(client, { idOrName: 'web', teamId })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error).toBeInstanceOf(ConnectionError)
    expect(emulator.requests).toEqual([expect.objectContaining({ path: '/v10/projects/web/env', status: 0 })])
  })

  it('delay makes a request outlast the client timeout', async () => {
    const { emulator, client } = await start()
    emulator.faults.add({ kind: 'delay', ms: 300 })
    const result = await projectsFilterProjectEnvs(client, { idOrName: 'web', teamId }, { timeoutMs: 50 })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error).toBeInstanceOf(RequestTimeoutError)
  })

  it('apply-then-status and reset-mid-response perform the create but lose the answer', async () => {
    const { emulator, client } = await start()
    const source = emulator.state.servingDeployment('web')!
    const before = emulator.state.deployments('web').length
    const request = { teamId, requestBody: { name: 'web', deploymentId: source.uid, target: 'production' } }

    emulator.faults.add({ kind: 'apply-then-status', status: 500, path: '/v13/deployments', method: 'POST' })
    const ambiguous = await deploymentsCreateDeployment(client, request)
    expect(!ambiguous.ok && (ambiguous.error as SDKError).statusCode).toBe(500)
    expect(emulator.state.deployments('web')).toHaveLength(before + 1)

    // The SDK reads the body outside its Result handling: a cut body rejects instead of returning ok: false.
    emulator.faults.add({ kind: 'reset-mid-response', path: '/v13/deployments' })
    await expect(deploymentsCreateDeployment(client, request)).rejects.toThrow(/terminated/)
    expect(emulator.state.deployments('web')).toHaveLength(before + 2)
    expect(emulator.requests.map((r) => r.status)).toEqual([500, 0])
  })
})

describe('request log', () => {
  it('records method, path, query, body, status and time; stats count by route', async () => {
    const { emulator, client } = await start()
    const t = 1_950_000_000_000
    emulator.state.clock = () => t
    const source = emulator.state.servingDeployment('api')!
    await deploymentsCreateDeployment(client, {
      teamId,
      forceNew: '1',
      requestBody: { name: 'api', deploymentId: source.uid, target: 'production', meta: { action: 'redeploy' } },
    })
    await get(emulator.url, `/v13/deployments/${source.uid}?teamId=${teamId}`)
    expect(emulator.requests[0]).toEqual({
      method: 'POST',
      path: '/v13/deployments',
      query: { forceNew: '1', teamId },
      body: { name: 'api', deploymentId: source.uid, target: 'production', meta: { action: 'redeploy' } },
      status: 200,
      at: t,
    })
    expect(emulator.stats).toEqual({
      total: 2,
      rateLimited: 0,
      byRoute: { 'POST /v13/deployments': 1, 'GET /v13/deployments/{idOrUrl}': 1 },
      maxInFlight: { 'POST /v13/deployments': 1, 'GET /v13/deployments/{idOrUrl}': 1 },
    })
  })

  it('log: false keeps no request bodies but still counts', async () => {
    const { emulator } = await start({ log: false })
    await get(emulator.url, listEnvs)
    expect(emulator.requests).toEqual([])
    expect(emulator.stats.total).toBe(1)
  })
})
