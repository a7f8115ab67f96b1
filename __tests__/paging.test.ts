/**
 * Listings Vercel pages by an `until` cursor: the port reads them to the end, through the real SDK against the
 * emulator, and a cursor that does not move is an error, never a short list.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator } from '../emulator/index.js'
import { allPages, extraQuery, QUERY_MARK, withQuery } from '../src/vercel/paging.js'
import { SdkVercel } from '../src/vercel/sdk.js'
import { TOKEN } from './helpers/rotate.js'

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

describe('the shared-variable listing', () => {
  it('the port returns every record of the key across pages, each once, following next as until', async () => {
    const e = (emulator = await startEmulator({}))
    const seed = seedTeam(e.state, { projects: 1, key: 'PAGED_KEY' })
    const ids = [seed.shared.id]
    for (let i = 0; i < 59; i++) {
      const record = e.state.addSharedEnv(seed.team.id, { key: 'PAGED_KEY', value: 'v', type: 'sensitive', target: ['preview'], projectIds: [] })
      ids.push(record.id)
    }
    const port = new SdkVercel({ token: TOKEN, apiUrl: e.url, team: seed.team.id, deadline: Date.now() + 30_000 })
    const found = await port.findSharedVariables('PAGED_KEY')
    expect(found.map((v) => v.id).sort()).toEqual([...ids].sort())
    const reads = e.requests.filter((r) => r.method === 'GET' && r.path === '/v1/env')
    expect(reads).toHaveLength(3)
    expect(reads[0]!.query['until']).toBeUndefined()
    expect(reads.slice(1).every((r) => typeof r.query['until'] === 'string')).toBe(true)
    // Every page keeps the search and the team scope.
    expect(reads.every((r) => r.query['search'] === 'PAGED_KEY' && r.query['teamId'] === seed.team.id)).toBe(true)
  })
})

describe('allPages', () => {
  it('follows next until it is null, across an empty page', async () => {
    const pages: Record<string, { items: unknown[]; next: number | null }> = {
      first: { items: [1, 2], next: 300 },
      '300': { items: [], next: 200 },
      '200': { items: [3], next: null },
    }
    const asked: (number | undefined)[] = []
    const all = await allPages('List', 'key K', async (until) => {
      asked.push(until)
      return pages[until === undefined ? 'first' : String(until)]!
    })
    expect(all).toEqual([1, 2, 3])
    expect(asked).toEqual([undefined, 300, 200])
  })

  it('a cursor that does not move back is an error naming the listing, not a short list', async () => {
    await expect(allPages('List shared variables', 'key K', async () => ({ items: [1], next: 500 }))).rejects.toThrow(
      /List shared variables for key K: page 2 of Vercel's listing gave a cursor that does not move on \(500\)/,
    )
  })
})

describe('extraQuery', () => {
  it('moves the marked parameters into a GET URL and drops the mark', async () => {
    const o = withQuery({ timeoutMs: 5 }, { until: 1234 })
    expect(o.timeoutMs).toBe(5)
    const req = new Request('https://api.example/v1/env?teamId=t&search=K', { headers: o.headers })
    const out = extraQuery()(req)
    expect(new URL(out.url).searchParams.get('until')).toBe('1234')
    expect(new URL(out.url).searchParams.get('search')).toBe('K')
    expect(out.headers.has(QUERY_MARK)).toBe(false)
    const plain = new Request('https://api.example/v1/env')
    expect(extraQuery()(plain)).toBe(plain)
  })
})
