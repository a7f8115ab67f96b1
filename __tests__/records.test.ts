import { describe, expect, it } from 'vitest'
import { coverage, resolveTargets, selectRecords, shadowingRecords, targetsForNewRecord } from '../src/rotation/records.js'
import type { EnvRecord, SharedVariable } from '../src/vercel/port.js'

const rec = (id: string, target: EnvRecord['target'], extra: Partial<EnvRecord> = {}): EnvRecord => ({
  id,
  key: 'DATABASE_URL',
  type: 'sensitive',
  target,
  customEnvironmentIds: [],
  ...extra,
})
const custom = [{ id: 'env_stg', slug: 'staging' }]

describe('selectRecords', () => {
  const records = [
    rec('prod', ['production']),
    rec('prev', ['preview']),
    rec('branch', ['preview'], { gitBranch: 'feature/x' }),
    rec('dev', ['development'], { type: 'encrypted' }),
    rec('stg', [], { customEnvironmentIds: ['env_stg'] }),
    rec('other', ['production'], { key: 'OTHER' }),
  ]

  it('takes every record of the key for targets: all, and no other key', () => {
    const s = selectRecords(records, 'DATABASE_URL', resolveTargets('all', custom))
    expect(s.selected.map((r) => r.id)).toEqual(['prod', 'prev', 'branch', 'dev', 'stg'])
    expect(s.refused).toEqual([])
  })

  it('takes branch-scoped preview records with preview', () => {
    const s = selectRecords(records, 'DATABASE_URL', resolveTargets(['preview'], custom))
    expect(s.selected.map((r) => r.id)).toEqual(['prev', 'branch'])
  })

  it('resolves a custom environment by slug or by ID', () => {
    expect(selectRecords(records, 'DATABASE_URL', resolveTargets(['staging'], custom)).selected.map((r) => r.id)).toEqual(['stg'])
    expect(selectRecords(records, 'DATABASE_URL', resolveTargets(['env_stg'], custom)).selected.map((r) => r.id)).toEqual(['stg'])
  })

  it('refuses a record that also covers a target outside the list, naming what is outside', () => {
    const both = [rec('pp', ['production', 'preview']), rec('dev', ['development'])]
    const s = selectRecords(both, 'DATABASE_URL', resolveTargets(['production'], custom))
    expect(s.selected).toEqual([])
    expect(s.refused).toEqual([{ record: both[0], outside: ['preview'] }])
  })

  it('reports unknown targets', () => {
    expect(resolveTargets(['production', 'qa'], custom).unknown).toEqual(['qa'])
  })
})

describe('shadowingRecords', () => {
  const shared: SharedVariable = {
    id: 'env_s',
    key: 'DATABASE_URL',
    type: 'sensitive',
    target: ['production', 'preview'],
    customEnvironmentIds: [],
    applyToAllCustomEnvironments: false,
    projectIds: ['p'],
  }
  it('finds a project record of the same key for an overlapping target', () => {
    const own = [rec('a', ['production']), rec('b', ['development']), rec('c', ['preview'], { key: 'OTHER' })]
    expect(shadowingRecords(own, [shared]).map((r) => r.id)).toEqual(['a'])
  })
  it('finds none when targets do not overlap', () => {
    expect(shadowingRecords([rec('b', ['development'])], [shared])).toEqual([])
  })
  it('finds a record for a custom environment when the shared variable applies to every custom environment', () => {
    const own = [rec('stg', [], { customEnvironmentIds: ['env_stg'] })]
    expect(shadowingRecords(own, [{ ...shared, target: ['production'], applyToAllCustomEnvironments: true }]).map((r) => r.id)).toEqual(['stg'])
    expect(shadowingRecords(own, [{ ...shared, target: ['production'] }])).toEqual([])
  })
})

describe('coverage and new records', () => {
  it('labels branches and custom environments', () => {
    expect(coverage(rec('x', ['preview'], { gitBranch: 'main', customEnvironmentIds: ['env_stg'] }), custom)).toEqual([
      'preview (branch main)',
      'staging',
    ])
  })
  it('never gives a sensitive record the development target', () => {
    expect(targetsForNewRecord(resolveTargets('all', []), 'sensitive').target).toEqual(['production', 'preview'])
    expect(targetsForNewRecord(resolveTargets('all', []), 'encrypted').target).toEqual(['production', 'preview', 'development'])
  })
})

describe('judgeServing', async () => {
  const { judgeServing } = await import('../src/rotation/verify.js')
  const d = (over: object) =>
    ({
      id: 'd',
      url: '',
      projectId: 'p',
      name: 'p',
      createdAt: 2000,
      state: 'READY',
      aliasAssigned: true,
      target: 'production',
      meta: {},
      ...over,
    }) as never
  it('is ok only for a READY, fully promoted deployment built after the write', () => {
    expect(judgeServing(d({}), 1000)).toEqual({ ok: true })
    expect(judgeServing(d({ createdAt: 1000 }), 1000).ok).toBe(false)
    expect(judgeServing(d({ substate: 'ROLLING' }), 1000).reason).toMatch(/rolling release/)
    expect(judgeServing(d({ substate: 'STAGED' }), 1000).reason).toMatch(/staged/)
    expect(judgeServing(d({ state: 'BUILDING' }), 1000).ok).toBe(false)
    expect(judgeServing(undefined, 1000).ok).toBe(false)
  })
})
