/** Fan-out at scale: waiting starts beside the creates, and the log stays readable however many projects there are. */
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator } from '../emulator/index.js'
import { BoundedLog } from '../src/rotation/wait/progress.js'
import { redeploys, rotate } from './helpers/rotate.js'

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

const base = { scope: 'team', team: 'bench', name: 'SHARED_SECRET', value: 'new-shared-value' }

describe('redeploys and waiting overlap', () => {
  it('watches the first builds while a later create is still in flight, and still creates each redeploy once', async () => {
    const e = (emulator = await startEmulator({ buildMs: 100 }))
    seedTeam(e.state, { projects: 3, key: 'SHARED_SECRET' })
    // The third create is held long after the first two builds are done.
    e.faults.add({ kind: 'delay', ms: 1_500, method: 'POST', path: '/v13/deployments', after: 2 })
    const { result, logs } = await rotate(e, { ...base, 'max-parallel': '1' })
    expect(result.safeToRevoke).toBe(true)
    expect(redeploys(e)).toHaveLength(3)
    const firstServing = logs.findIndex((l) => /^app-001: production \S+ is READY and serving\.$/.test(l))
    const lastCreate = logs.findIndex((l) => l.startsWith('app-003: redeploying production'))
    expect(firstServing).toBeGreaterThanOrEqual(0)
    expect(lastCreate).toBeGreaterThan(firstServing)
  })
})

describe('progress at scale', () => {
  it('writes lines of a kind one by one up to the bound per interval, then one count naming a few', () => {
    const out: string[] = []
    const lines = new BoundedLog({ info: (m) => out.push(m), warning: (m) => out.push(`warning: ${m}`), debug: () => {} }, 2)
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) lines.info('redeploys created', name, `${name}: created`)
    lines.info('deployments READY and serving', 'a', 'a: ready')
    expect(lines.flush()).toBe(true)
    expect(out).toEqual(['a: created', 'b: created', 'a: ready', '… and 4 more redeploys created (c, d, e, …).'])
    // A new interval starts with a fresh budget; an interval that held nothing back writes nothing more.
    lines.info('redeploys created', 'g', 'g: created')
    expect(lines.flush()).toBe(false)
    expect(out.at(-1)).toBe('g: created')
  })

  it('at 60 projects the log counts what it does not list, and every project is accounted for once', async () => {
    const e = (emulator = await startEmulator({ buildMs: 100 }))
    seedTeam(e.state, { projects: 60, key: 'SHARED_SECRET' })
    const started = Date.now()
    const { result, logs } = await rotate(e, { ...base, 'max-parallel': '20' })
    const seconds = (Date.now() - started) / 1000
    expect(result.safeToRevoke).toBe(true)
    // Counts and progress come once a second at most, however often states are read.
    expect(logs.filter((l) => l.startsWith('Waiting (')).length).toBeLessThanOrEqual(Math.ceil(seconds) + 1)
    const counted = (kind: string) =>
      logs.map((l) => new RegExp(`^… and (\\d+) more ${kind} \\(`).exec(l)).reduce((sum, m) => sum + (m ? Number(m[1]) : 0), 0)
    const created = logs.filter((l) => / redeploying production /.test(l)).length
    const ready = logs.filter((l) => / is READY and serving\.$/.test(l)).length
    expect(created).toBeLessThan(60)
    expect(ready).toBeLessThan(60)
    expect(created + counted('redeploys created')).toBe(60)
    expect(ready + counted('deployments READY and serving')).toBe(60)
    expect(logs.some((l) => /^Waiting \(\d+ s\): \d+ of 60 serving/.test(l))).toBe(true)
  })
})
