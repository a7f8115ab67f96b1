/** The rollout's life: the moves it has, and the ones it refuses. */
import { describe, expect, it } from 'vitest'
import type { Deployment } from '../src/vercel/port.js'
import type { ProjectPlan } from '../src/rotation/types.js'
import { advance, created, phaseOf, proofOf, type Rollout } from '../src/rotation/wait/rollout.js'

const deployment = (id: string): Deployment => ({
  id,
  url: `${id}.vercel.app`,
  projectId: 'prj_web',
  name: 'web',
  createdAt: 1,
  state: 'QUEUED',
  aliasAssigned: false,
  target: 'production',
  meta: {},
})
const project = { id: 'prj_web', name: 'web' } as ProjectPlan
const fresh = (): Rollout => ({
  project,
  kind: 'production',
  source: deployment('dpl_old'),
  outcome: 'pending',
  stage: 'building',
  probes: 0,
  nextProbeAt: 0,
})

describe('a rollout', () => {
  it('goes creating -> building -> proving -> serving, keeping when it first served', () => {
    const r = fresh()
    expect(phaseOf(r)).toBe('creating')
    created(r, deployment('dpl_new'), 10)
    expect([phaseOf(r), r.seenAt]).toEqual(['building', 10])
    advance(r, 'proving', { at: 20, reason: 'READY' })
    expect([phaseOf(r), r.servedAt, r.reason]).toEqual(['proving', 20, 'READY'])
    advance(r, 'serving', { reason: undefined })
    expect([phaseOf(r), r.reason]).toEqual(['serving', undefined])
  })

  it('a proof of what serves starts proving, and can end unhealthy or failed', () => {
    const r = proofOf(project, 'production', { ...deployment('dpl_live'), state: 'READY', readyAt: 5 })
    expect([phaseOf(r), r.servedAt]).toEqual(['proving', 5])
    advance(r, 'unhealthy', { reason: 'HTTP 500' })
    expect(phaseOf(r)).toBe('unhealthy')
  })

  it.each([
    ['serving before it was created', (r: Rollout) => advance(r, 'serving')],
    ['unhealthy while still building', (r: Rollout) => (created(r, deployment('dpl_new'), 1), advance(r, 'unhealthy'))],
    ['created twice', (r: Rollout) => (created(r, deployment('dpl_a'), 1), created(r, deployment('dpl_b'), 2))],
    ['moved on after it failed', (r: Rollout) => (advance(r, 'failed'), advance(r, 'proving'))],
    ['not-created once created', (r: Rollout) => (created(r, deployment('dpl_new'), 1), advance(r, 'not-created'))],
  ])('refuses a move its life does not have: %s', (_, move) => {
    expect(() => move(fresh())).toThrow(/web: a rollout cannot/)
  })
})
