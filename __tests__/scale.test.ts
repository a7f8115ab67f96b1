/** Fan-out at scale: waiting starts beside the creates, and the log stays readable however many projects there are. */
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator } from '../emulator/index.js'
import { redeploys, rotate } from './helpers/rotate.js'

let emulator: Emulator
afterEach(async () => emulator?.close())

const base = { scope: 'team', team: 'bench', name: 'SHARED_SECRET', value: 'new-shared-value' }

describe('redeploys and waiting overlap', () => {
  it('watches the first builds while a later create is still in flight, and still creates each redeploy once', async () => {
    emulator = await startEmulator({ buildMs: 100 })
    seedTeam(emulator.state, { projects: 3, key: 'SHARED_SECRET' })
    // The third create is held long after the first two builds are done.
    emulator.faults.add({ kind: 'delay', ms: 1_500, method: 'POST', path: '/v13/deployments', after: 2 })
    const { result, logs } = await rotate(emulator, { ...base, 'max-parallel': '1' })
    expect(result.safeToRevoke).toBe(true)
    expect(redeploys(emulator)).toHaveLength(3)
    const firstServing = logs.findIndex((l) => /^app-001: production \S+ is READY and serving\.$/.test(l))
    const lastCreate = logs.findIndex((l) => l.startsWith('app-003: redeploying production'))
    expect(firstServing).toBeGreaterThanOrEqual(0)
    expect(lastCreate).toBeGreaterThan(firstServing)
  })
})
