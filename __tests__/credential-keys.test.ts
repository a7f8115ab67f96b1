/** A credential made of several variables, rotated as one: through the real SDK port against the emulator. */
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { InputError } from '../src/inputs.js'
import { PlanError } from '../src/rotation/plan.js'
import { beforeFirstWrite, envWrites, redeploys, rotate, STAMP_ONLY, statusOf, writes } from './helpers/rotate.js'

let emulator: Emulator
afterEach(async () => emulator?.close())

const DAY = 86_400_000
const KEYS = ['DATABASE_URL', 'DATABASE_URL_UNPOOLED', 'PGPASSWORD'] as const
const NEW: Record<(typeof KEYS)[number], string> = {
  DATABASE_URL: 'postgres://app:new-pw-5d1c@pooler.db.example/app',
  DATABASE_URL_UNPOOLED: 'postgres://app:new-pw-5d1c@db.example/app',
  PGPASSWORD: 'new-pw-5d1c',
}

/** web and api each hold the three keys (web's PGPASSWORD as two records), both serving production. */
async function database() {
  emulator = await startEmulator({ buildMs: 80 })
  const s = emulator.state
  s.addTeam({ id: 'team_acme', slug: 'acme' })
  for (const name of ['web', 'api']) {
    s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
    for (const key of KEYS) s.addProjectEnv(name, { key, value: `old-${key}`, type: 'sensitive', target: ['production', 'preview'] })
    s.addDeployment(name, { target: 'production', createdAt: Date.now() - DAY })
  }
  s.addProjectEnv('web', { key: 'PGPASSWORD', value: 'old-dev', type: 'encrypted', target: ['development'] })
}
// web's PGPASSWORD is split (production and preview, development): the targets are named, never `all`.
const base = { team: 'acme', projects: 'web, api', name: KEYS.join(', '), targets: 'production, preview, development' }

describe('several keys, one rotation', () => {
  it('writes each record once with its own key’s value, redeploys each project once, and is safe to revoke', async () => {
    await database()
    const { result } = await rotate(emulator, base, { env: NEW })
    expect(envWrites(emulator)).toHaveLength(7)
    const patched = envWrites(emulator).map((r) => r.path)
    expect(new Set(patched).size).toBe(7)
    for (const name of ['web', 'api']) for (const r of emulator.state.projectEnvs(name)) expect(r.value).toBe(NEW[r.key as (typeof KEYS)[number]])
    expect(redeploys(emulator)).toHaveLength(2)
    expect(statusOf(result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    expect(result.safeToRevoke).toBe(true)
    expect(result.projects[0]!.records.map((r) => r.key)).toEqual(['DATABASE_URL', 'DATABASE_URL_UNPOOLED', 'PGPASSWORD', 'PGPASSWORD'])
    // Every deployment serves the three new values together.
    for (const name of ['web', 'api']) expect(emulator.state.servingDeployment(name)!.env).toMatchObject(NEW)
    // rotated-at is the earliest write: every record written by the run is at or after it...
    const stamps = ['web', 'api'].flatMap((n) => emulator.state.projectEnvs(n).map((r) => r.updatedAt))
    expect(result.rotatedAt).toBe(new Date(Math.min(...stamps)).toISOString())
    // ...while the redeploys carry the newest, which a re-run compares with the value's updatedAt in Vercel.
    for (const r of redeploys(emulator))
      expect((r.body as { meta: Record<string, string> }).meta.rotatedAt).toBe(new Date(Math.max(...stamps)).toISOString())
    // verify with that rotated-at finds every record written.
    const { result: verified } = await rotate(
      emulator,
      { team: 'acme', projects: 'web, api', name: KEYS.join(', '), targets: base.targets, mode: 'verify', 'rotated-at': result.rotatedAt! },
      { env: NEW },
    )
    expect(statusOf(verified)).toEqual({ web: 'verified', api: 'verified' })
    expect(verified.safeToRevoke).toBe(true)
  })

  it('with targets: all, writes several keys of one record each, and refuses a key split into records, naming them', async () => {
    await database()
    const web = emulator.state.projectEnvs('web').filter((r) => r.key === 'PGPASSWORD')
    const err = await rotate(emulator, { ...base, targets: 'all' }, { env: NEW }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PlanError)
    const message = (err as Error).message
    expect(message).toMatch(
      new RegExp(`Project web: PGPASSWORD is held in 2 records: ${web[0]!.id} \\(production, preview\\), ${web[1]!.id} \\(development\\)\\.`),
    )
    expect(message).toMatch(/Set targets to the ones to rotate/)
    // One record per key is not split: only web's PGPASSWORD is refused.
    expect(message).not.toMatch(/Project api/)
    expect(message).not.toMatch(/DATABASE_URL is held/)
    expect(writes(emulator)).toHaveLength(0)

    emulator.state.removeProjectEnv('web', web[1]!.id)
    const { result } = await rotate(emulator, { ...base, targets: 'all' }, { env: NEW })
    expect(envWrites(emulator)).toHaveLength(6)
    expect(result.safeToRevoke).toBe(true)
  })

  it('refuses before any write when one key is missing in one project, naming both', async () => {
    await database()
    emulator.state.addProject({ id: 'prj_docs', name: 'docs', teamId: 'team_acme' })
    emulator.state.addProjectEnv('docs', { key: 'DATABASE_URL', value: 'old', type: 'sensitive', target: ['production'] })
    const err = await rotate(emulator, { ...base, projects: 'web, api, docs' }, { env: NEW }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PlanError)
    expect((err as Error).message).toMatch(/Project docs has no record of DATABASE_URL_UNPOOLED/)
    expect((err as Error).message).toMatch(/Project docs has no record of PGPASSWORD/)
    expect(writes(emulator)).toHaveLength(0)
  })

  it('refuses a value with stray white space in the step’s environment, naming the key and never the value', async () => {
    await database()
    const err = await rotate(emulator, base, { env: { ...NEW, PGPASSWORD: 'new-pw-5d1c\n' } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as Error).message).toMatch(/env PGPASSWORD: contains a line break/)
    expect((err as Error).message).not.toContain('new-pw-5d1c')
    expect(emulator.requests).toHaveLength(0)
  })

  it('a 403 on the second key stops before any redeploy and says which keys were written in which project', async () => {
    await database()
    const second = emulator.state.projectEnvs('web').find((r) => r.key === 'DATABASE_URL_UNPOOLED')!
    emulator.faults.add({
      kind: 'status',
      status: 403,
      method: 'PATCH',
      path: new RegExp(`^/v9/projects/prj_web/env/${second.id}$`),
      body: { error: { code: 'forbidden', message: 'Not authorized' } },
    })
    const { result } = await rotate(emulator, base, { env: NEW })
    expect(redeploys(emulator)).toHaveLength(0)
    expect(result.safeToRevoke).toBe(false)
    expect(result.error).toMatch(/HTTP 403/)
    expect(result.error).toMatch(/Written: web \(DATABASE_URL\); api \(DATABASE_URL, DATABASE_URL_UNPOOLED, PGPASSWORD\)\./)
    expect(result.error).toMatch(/Not written: web \(DATABASE_URL_UNPOOLED, PGPASSWORD\)\./)
    // Nothing was redeployed, but the records written are live for the next build of both projects.
    expect(result.error).toContain(
      'Nothing was redeployed: every deployment still runs with the values it was built with. The records written hold the new values in Vercel now, so the next deployment of web, api (a git push, say) builds with them; in web beside the old values of the records not written. A re-run writes every key again and then redeploys each project once.',
    )
    expect(result.error).not.toMatch(/old values\. A re-run|every deployment still runs with the old values/)
    expect(statusOf(result)).toEqual({ web: 'failed', api: 'skipped' })
    expect(result.projects[0]!.note).toMatch(/Written: DATABASE_URL\. Not written: DATABASE_URL_UNPOOLED, PGPASSWORD/)
    // web stopped at the failing key: PGPASSWORD still holds its old value there.
    expect(emulator.state.projectEnvs('web').find((r) => r.key === 'PGPASSWORD')!.value).toBe('old-PGPASSWORD')
  })

  it('a failure on the second record of a key says how many of that key’s records were written', async () => {
    await database()
    const dev = emulator.state.projectEnvs('web').find((r) => r.key === 'PGPASSWORD' && r.target.includes('development'))!
    emulator.faults.add({
      kind: 'status',
      status: 403,
      method: 'PATCH',
      path: new RegExp(`^/v9/projects/prj_web/env/${dev.id}$`),
      body: { error: { code: 'forbidden', message: 'Not authorized' } },
    })
    const { result } = await rotate(emulator, base, { env: NEW })
    expect(redeploys(emulator)).toHaveLength(0)
    expect(result.error).toMatch(/Written: web \(DATABASE_URL, DATABASE_URL_UNPOOLED\); api \(DATABASE_URL, DATABASE_URL_UNPOOLED, PGPASSWORD\)\./)
    expect(result.error).toMatch(/Not written: web \(PGPASSWORD \(1 of 2 records written\)\)\./)
    expect(result.projects[0]!.note).toMatch(/Not written: PGPASSWORD \(1 of 2 records written\)/)
  })

  it('a re-run after a failed build resumes: no key is written again and only that project is redeployed', async () => {
    await database()
    emulator.state.failNextBuild('prj_api', 'ERROR')
    const first = await rotate(emulator, base, { env: NEW, run: { runId: '51', runAttempt: 1 } })
    expect(statusOf(first.result)).toEqual({ web: 'redeployed', api: 'failed' })
    const before = emulator.requests.length
    const second = await rotate(emulator, base, { env: NEW, run: { runId: '51', runAttempt: 2 } })
    const again = emulator.requests.slice(before)
    expect(again.filter((r) => r.method === 'PATCH')).toHaveLength(0)
    expect(again.filter((r) => r.method === 'POST' && r.path === '/v13/deployments').map((r) => (r.body as { name: string }).name)).toEqual(['api'])
    expect(statusOf(second.result)).toEqual({ web: 'already-current', api: 'redeployed' })
    expect(second.result.safeToRevoke).toBe(true)
  })
})

describe('several shared variables', () => {
  it('redeploys every project of the union of their links exactly once', async () => {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_acme', slug: 'acme' })
    for (const name of ['a', 'b', 'c', 'd']) {
      s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
      s.addDeployment(name, { target: 'production', createdAt: Date.now() - DAY })
    }
    const one = s.addSharedEnv('team_acme', {
      key: 'REDIS_URL',
      value: 'old',
      type: 'sensitive',
      target: ['production'],
      projectIds: ['prj_a', 'prj_b', 'prj_c'],
    })
    const two = s.addSharedEnv('team_acme', {
      key: 'REDIS_TOKEN',
      value: 'old',
      type: 'sensitive',
      target: ['production'],
      projectIds: ['prj_b', 'prj_c', 'prj_d'],
    })
    const { result } = await rotate(
      emulator,
      { scope: 'team', team: 'acme', name: 'REDIS_URL\nREDIS_TOKEN' },
      { env: { REDIS_URL: 'redis://new-url', REDIS_TOKEN: 'new-token-value' } },
    )
    const update = envWrites(emulator)
    expect(update).toHaveLength(1)
    const stamp = expect.stringMatching(STAMP_ONLY)
    expect(update[0]!.body).toEqual({
      updates: { [one.id]: { value: 'redis://new-url', comment: stamp }, [two.id]: { value: 'new-token-value', comment: stamp } },
    })
    const names = redeploys(emulator).map((r) => (r.body as { name: string }).name)
    expect(names.sort()).toEqual(['a', 'b', 'c', 'd'])
    expect(result.safeToRevoke).toBe(true)
    expect(result.projects.find((p) => p.name === 'b')!.records.map((r) => r.key)).toEqual(['REDIS_URL', 'REDIS_TOKEN'])
    expect(result.projects.find((p) => p.name === 'd')!.records.map((r) => r.key)).toEqual(['REDIS_TOKEN'])
    expect(s.servingDeployment('prj_c')!.env).toMatchObject({ REDIS_URL: 'redis://new-url', REDIS_TOKEN: 'new-token-value' })
  })

  it('a failed[] entry for one key names the keys Vercel applied in the same request, per project, and redeploys nothing', async () => {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_acme', slug: 'acme' })
    for (const name of ['a', 'b']) {
      s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
      s.addDeployment(name, { target: 'production', createdAt: Date.now() - DAY })
    }
    s.addSharedEnv('team_acme', { key: 'K1', value: 'old', type: 'sensitive', target: ['production'], projectIds: ['prj_a', 'prj_b'] })
    const k2 = s.addSharedEnv('team_acme', { key: 'K2', value: 'old', type: 'sensitive', target: ['production'], projectIds: ['prj_b'] })
    s.failNextSharedUpdate(k2.id, { code: 'forbidden', message: 'Not allowed' })
    const { result } = await rotate(emulator, { scope: 'team', team: 'acme', name: 'K1, K2' }, { env: { K1: 'new-1-value', K2: 'new-2-value' } })
    expect(redeploys(emulator)).toHaveLength(0)
    expect(result.error).toMatch(/refused for 1 record/)
    expect(result.error).toMatch(/Written: a \(K1\); b \(K1\)\. Not written: b \(K2\)\./)
    expect(statusOf(result)).toEqual({ a: 'skipped', b: 'failed' })
  })

  it('a failed[] entry for one of a key’s records counts the key as not written, saying how many of its records were', async () => {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_acme', slug: 'acme' })
    s.addProject({ id: 'prj_a', name: 'a', teamId: 'team_acme' })
    s.addDeployment('a', { target: 'production', createdAt: Date.now() - DAY })
    s.addSharedEnv('team_acme', { key: 'K1', value: 'old', type: 'sensitive', target: ['production'], projectIds: ['prj_a'] })
    const preview = s.addSharedEnv('team_acme', { key: 'K1', value: 'old', type: 'sensitive', target: ['preview'], projectIds: ['prj_a'] })
    s.failNextSharedUpdate(preview.id, { code: 'forbidden', message: 'Not allowed' })
    const { result } = await rotate(emulator, { scope: 'team', team: 'acme', name: 'K1', value: 'new-1-value', targets: 'production, preview' })
    expect(redeploys(emulator)).toHaveLength(0)
    expect(result.error).toMatch(/Not written: a \(K1 \(1 of 2 records written\)\)\./)
    expect(result.error).not.toMatch(/Written: a/)
    expect(result.error).toMatch(
      /so the next deployment of a \(a git push, say\) builds with them; in a beside the old values of the records not written/,
    )
    expect(statusOf(result)).toEqual({ a: 'failed' })
  })

  it('refuses when any key is shadowed in any linked project, before any write', async () => {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_acme', slug: 'acme' })
    for (const name of ['a', 'b']) s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
    s.addSharedEnv('team_acme', { key: 'K1', value: 'old', type: 'sensitive', target: ['production'], projectIds: ['prj_a', 'prj_b'] })
    s.addSharedEnv('team_acme', { key: 'K2', value: 'old', type: 'sensitive', target: ['production'], projectIds: ['prj_b'] })
    const own = s.addProjectEnv('b', { key: 'K2', value: 'own', type: 'encrypted', target: ['production'] })
    const err = await rotate(emulator, { scope: 'team', team: 'acme', name: 'K1, K2' }, { env: { K1: 'new-1-value', K2: 'new-2-value' } }).catch(
      (e: unknown) => e,
    )
    expect((err as Error).message).toMatch(new RegExp(`Project b has its own record ${own.id} of K2 for production`))
    expect(writes(emulator)).toHaveLength(0)
  })
})

describe('generate', () => {
  it('writes a fresh base64url value of 32 bytes, the same in every record of the key, and never logs it', async () => {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_acme', slug: 'acme' })
    for (const name of ['web', 'api']) {
      s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
      s.addProjectEnv(name, { key: 'CRON_SECRET', value: 'old', type: 'sensitive', target: ['production'] })
      s.addProjectEnv(name, { key: 'CRON_SECRET', value: 'old', type: 'encrypted', target: ['development'] })
      s.addDeployment(name, { target: 'production', createdAt: Date.now() - DAY })
    }
    const born: string[] = []
    const { result, logs } = await rotate(
      emulator,
      { team: 'acme', projects: 'web, api', name: 'CRON_SECRET', generate: 'base64url:32', targets: 'production, development' },
      { onGenerated: (v) => born.push(v) },
    )
    expect(result.safeToRevoke).toBe(true)
    const values = ['web', 'api'].flatMap((n) => s.projectEnvs(n).map((r) => r.value))
    expect(new Set(values).size).toBe(1)
    expect(values[0]).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // Handed to the shell for masking the moment it was made.
    expect(born).toEqual([values[0]])
    expect(JSON.stringify([result, logs])).not.toContain(values[0])
  })
})

describe('Marketplace stores', () => {
  async function store() {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_acme', slug: 'acme' })
    for (const name of ['web', 'api', 'docs']) {
      s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
      s.addDeployment(name, { target: 'production', createdAt: Date.now() - DAY })
    }
    return s.addStore('team_acme', {
      id: 'store_neon1',
      name: 'neon-main',
      secrets: { DATABASE_URL: 'postgres://old', PGPASSWORD: 'old' },
      connections: [{ project: s.project('web') }, { project: s.project('api'), envVarPrefix: 'MAIN_' }],
    })
  }

  it('mode redeploy with store redeploys and verifies exactly the connected projects, writing nothing', async () => {
    await store()
    emulator.state.rotateStore('store_neon1', { DATABASE_URL: 'postgres://new', PGPASSWORD: 'new' })
    const { result } = await rotate(emulator, { team: 'acme', store: 'store_neon1', mode: 'redeploy' })
    expect(envWrites(emulator)).toHaveLength(0)
    expect(
      redeploys(emulator)
        .map((r) => (r.body as { name: string }).name)
        .sort(),
    ).toEqual(['api', 'web'])
    expect(statusOf(result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    expect(result.safeToRevoke).toBe(true)
    expect(result.projects.find((p) => p.name === 'api')!.records.map((r) => r.key)).toEqual(['MAIN_DATABASE_URL', 'MAIN_PGPASSWORD'])
    expect(emulator.requests.find((r) => r.path.includes('storage'))).toMatchObject({
      path: '/v1/storage/stores/store_neon1',
      query: { slug: 'acme' },
    })
    expect(emulator.state.servingDeployment('api')!.env.MAIN_PGPASSWORD).toBe('new')
  })

  it('verify with store judges the connected projects against the provider’s write, before and after the redeploy', async () => {
    await store()
    emulator.state.rotateStore('store_neon1', { DATABASE_URL: 'postgres://new', PGPASSWORD: 'new' })
    const before = await rotate(emulator, { team: 'acme', store: 'store_neon1', mode: 'verify' })
    expect(statusOf(before.result)).toEqual({ web: 'stale', api: 'stale' })
    expect(before.result.safeToRevoke).toBe(false)
    await rotate(emulator, { team: 'acme', store: 'store_neon1', mode: 'redeploy' })
    const after = await rotate(emulator, { team: 'acme', store: 'store_neon1', mode: 'verify' })
    expect(statusOf(after.result)).toEqual({ web: 'verified', api: 'verified' })
    expect(after.result.safeToRevoke).toBe(true)
    expect(writes(emulator).filter((r) => r.path.includes('/env'))).toHaveLength(0)
  })

  it('with name, covers only the connected projects whose store provides that key', async () => {
    await store()
    const { result } = await rotate(emulator, { team: 'acme', store: 'store_neon1', name: 'PGPASSWORD', mode: 'plan' })
    expect(result.projects.map((p) => [p.name, p.records.map((r) => r.key)])).toEqual([['web', ['PGPASSWORD']]])
    expect(writes(emulator)).toHaveLength(0)
  })

  it('refuses to rotate an integration-managed record before any write, naming the integration and the store', async () => {
    await store()
    emulator.state.addProjectEnv('web', { key: 'SESSION_SECRET', value: 'old', type: 'sensitive', target: ['production'] })
    const err = await rotate(
      emulator,
      { team: 'acme', projects: 'web', name: 'SESSION_SECRET, PGPASSWORD' },
      { env: { SESSION_SECRET: 'new-session', PGPASSWORD: 'new-pw' } },
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PlanError)
    const message = (err as Error).message
    expect(message).toMatch(/record env_\w+ of PGPASSWORD is managed by integration oac_neon, configuration icfg_\w+, store store_neon1/)
    expect(message).toMatch(/run mode: redeploy with store: store_neon1/)
    expect(writes(emulator)).toHaveLength(0)
  })
})

describe('projects: *', () => {
  it('in a team of 150 projects, writes and redeploys exactly the 40 with the key, listing them in 2 requests', async () => {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_big', slug: 'big' })
    const holders: string[] = []
    for (let i = 1; i <= 150; i++) {
      const name = `p${String(i).padStart(3, '0')}`
      s.addProject({ id: `prj_${name}`, name, teamId: 'team_big' })
      s.addProjectEnv(name, { key: 'OTHER', value: 'x', type: 'encrypted', target: ['production'] })
      // 7 and 150 share no factor: i x 7 mod 150 visits every residue once, so exactly 40 spread over the pages.
      if ((i * 7) % 150 < 40) {
        s.addProjectEnv(name, { key: 'API_KEY', value: 'old', type: 'sensitive', target: ['production'] })
        holders.push(name)
      }
      s.addDeployment(name, { target: 'production', createdAt: Date.now() - DAY })
    }
    expect(holders).toHaveLength(40)
    const { result } = await rotate(emulator, { team: 'big', projects: '*', name: 'API_KEY', value: 'new-api-key', 'max-parallel': '40' })
    const listings = emulator.requests.filter((r) => r.method === 'GET' && r.path === '/v10/projects')
    // Two pages to plan, and at most two more to read again what serves before the verdict.
    expect(beforeFirstWrite(emulator).filter((r) => r.method === 'GET' && r.path === '/v10/projects').length).toBeLessThanOrEqual(2)
    expect(listings.length).toBeLessThanOrEqual(4)
    expect(emulator.requests.filter((r) => r.path.endsWith('/env') && r.method === 'GET')).toHaveLength(0)
    expect(envWrites(emulator)).toHaveLength(40)
    expect(
      redeploys(emulator)
        .map((r) => (r.body as { name: string }).name)
        .sort(),
    ).toEqual(holders)
    expect(result.projects.map((p) => p.name).sort()).toEqual(holders)
    expect(result.safeToRevoke).toBe(true)
    // Every deployments listing named at most 20 projects, Vercel's `projectIds` range, and none was refused.
    const deploymentListings = emulator.requests.filter((r) => r.path === '/v7/deployments')
    expect(deploymentListings.every((r) => r.status === 200 && [r.query.projectIds ?? []].flat().length <= 20)).toBe(true)
  })
})
