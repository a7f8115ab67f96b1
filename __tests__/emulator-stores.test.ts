/**
 * Contract tests for the store read, integration-created records and the paged project listing: the SDK's own
 * response validation accepts what the emulator answers, and no field the action reads is dropped.
 */
import { VercelCore } from '@vercel/sdk/core.js'
import { HTTPClient } from '@vercel/sdk/lib/http.js'
import { projectsFilterProjectEnvs } from '@vercel/sdk/funcs/projectsFilterProjectEnvs.js'
import { projectsGetProjects } from '@vercel/sdk/funcs/projectsGetProjects.js'
import { storageGetStorageStoresById } from '@vercel/sdk/funcs/storageGetStorageStoresById.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'

let emulator: Emulator
let client: VercelCore
const teamId = 'team_acme'

type Result<T> = { ok: true; value: T } | { ok: false; error: unknown }
function ok<T>(result: Result<T>): T {
  if (!result.ok) expect.fail(`expected ok, got ${String(result.error)}`)
  return result.value
}

beforeEach(async () => {
  emulator = await startEmulator({ buildMs: 50 })
  emulator.state.addTeam({ id: teamId, slug: 'acme' })
  // The SDK sends the store read without the bearer token; Vercel (and the emulator) need it.
  const http = new HTTPClient()
  http.addHook('beforeRequest', (req) => {
    const r = new Request(req)
    r.headers.set('authorization', 'Bearer testtoken')
    return r
  })
  client = new VercelCore({ bearerToken: 'testtoken', serverURL: emulator.url, httpClient: http })
})
afterEach(async () => emulator.close())

function connectedStore() {
  const s = emulator.state
  const web = s.addProject({ id: 'prj_web', name: 'web', teamId })
  const api = s.addProject({ id: 'prj_api', name: 'api', teamId })
  return s.addStore(teamId, {
    id: 'store_pg',
    name: 'main-db',
    secrets: { DATABASE_URL: 'postgres://old', PGPASSWORD: 'old' },
    connections: [
      { project: web, environments: ['production', 'preview'] },
      { project: api, envVarPrefix: 'MAIN_' },
    ],
  })
}

describe('Marketplace stores', () => {
  it('storageGetStorageStoresById returns the connected projects with their environments and variables', async () => {
    connectedStore()
    const value = ok(await storageGetStorageStoresById(client, { id: 'store_pg' }))
    expect(value.store.status).toBe('available')
    expect(value.store.projectsMetadata).toEqual([
      expect.objectContaining({
        projectId: 'prj_web',
        name: 'web',
        environments: ['production', 'preview'],
        environmentVariables: ['DATABASE_URL', 'PGPASSWORD'],
        envVarPrefix: null,
      }),
      expect.objectContaining({
        projectId: 'prj_api',
        name: 'api',
        environmentVariables: ['MAIN_DATABASE_URL', 'MAIN_PGPASSWORD'],
        envVarPrefix: 'MAIN_',
      }),
    ])
  })

  it('answers 404 for an unknown store and for a store of another team', async () => {
    connectedStore()
    emulator.state.addTeam({ id: 'team_other', slug: 'other' })
    const other = emulator.state.addProject({ id: 'prj_x', name: 'x', teamId: 'team_other' })
    emulator.state.addStore('team_other', { id: 'store_theirs', name: 'theirs', secrets: { K: 'v' }, connections: [{ project: other }] })
    for (const id of ['store_nope', 'store_theirs']) {
      const r = await storageGetStorageStoresById(client, { id }, { serverURL: `${emulator.url}/v1` })
      expect(r.ok).toBe(false)
    }
    expect(emulator.requests.filter((r) => r.status === 404)).toHaveLength(2)
  })

  it('integration-created records carry configurationId and the integration-store-secret content hint', async () => {
    const store = connectedStore()
    const value = ok(await projectsFilterProjectEnvs(client, { idOrName: 'api', teamId }))
    if (!('envs' in value)) expect.fail('no envs')
    const record = value.envs.find((e) => e.key === 'MAIN_PGPASSWORD')!
    expect(record.configurationId).toBe(store.integrationConfigurationId)
    expect(record.contentHint).toEqual({
      type: 'integration-store-secret',
      storeId: 'store_pg',
      integrationId: 'oac_neon',
      integrationProductId: 'iap_postgres',
      integrationConfigurationId: store.integrationConfigurationId,
    })
  })

  it('the provider’s rotation changes the records and redeploys nothing', async () => {
    connectedStore()
    const changed = emulator.state.rotateStore('store_pg', { PGPASSWORD: 'new' })
    expect(changed.map((r) => r.key).sort()).toEqual(['MAIN_PGPASSWORD', 'PGPASSWORD'])
    expect(emulator.state.deployments('prj_web')).toHaveLength(0)
  })
})

describe('the project listing', () => {
  it('projectsGetProjects pages by 100 with a continuation token, and each project carries its env records', async () => {
    for (let i = 0; i < 150; i++) {
      const p = emulator.state.addProject({ id: `prj_${i}`, name: `p${i}`, teamId })
      if (i % 3 === 0) emulator.state.addProjectEnv(p, { key: 'API_KEY', value: 'v', type: 'sensitive', target: ['production'] })
      emulator.state.addDeployment(p, { target: 'production' })
    }
    const first = ok(await projectsGetProjects(client, { limit: '100', teamId }))
    if (Array.isArray(first)) expect.fail('expected the paged variant')
    expect(first.projects).toHaveLength(100)
    expect(typeof first.pagination.next).toBe('string')
    const second = ok(await projectsGetProjects(client, { limit: '100', from: String(first.pagination.next), teamId }))
    if (Array.isArray(second)) expect.fail('expected the paged variant')
    expect(second.projects).toHaveLength(50)
    expect(second.pagination.next).toBeNull()
    const all = [...first.projects, ...second.projects]
    expect(new Set(all.map((p) => p.id)).size).toBe(150)
    expect(all.filter((p) => p.env?.some((e) => e.key === 'API_KEY'))).toHaveLength(50)
    expect(all[0]!.targets?.production).toMatchObject({ id: expect.stringMatching(/^dpl_/) })
  })

  it('refuses a limit over 100 (the most the REST API documents) and a forged continuation token', async () => {
    for (let i = 0; i < 120; i++) emulator.state.addProject({ id: `prj_${i}`, name: `p${i}`, teamId })
    const page = ok(await projectsGetProjects(client, { limit: '100', teamId }))
    if (Array.isArray(page)) expect.fail('expected the paged variant')
    expect(page.projects).toHaveLength(100)
    const tooLarge = await projectsGetProjects(client, { limit: '500', teamId })
    expect(tooLarge.ok).toBe(false)
    expect((tooLarge as { error: { statusCode?: number } }).error.statusCode).toBe(400)
    const bad = await projectsGetProjects(client, { from: 'not-a-token', teamId })
    expect(bad.ok).toBe(false)
  })
})
