/**
 * Contract tests for the routes added for the Vercel CLI. Where the SDK has a function for the operation, the SDK
 * calls it and validates the answer against Vercel's published schema; the CLI-only versions are checked over
 * plain HTTP against the SDK version's answer, since they must say the same thing.
 */
import { VercelCore } from '@vercel/sdk/core.js'
import { projectsRemoveProjectEnv } from '@vercel/sdk/funcs/projectsRemoveProjectEnv.js'
import { teamsGetTeam } from '@vercel/sdk/funcs/teamsGetTeam.js'
import { teamsGetTeams } from '@vercel/sdk/funcs/teamsGetTeams.js'
import { userGetAuthUser } from '@vercel/sdk/funcs/userGetAuthUser.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { ok } from './helpers/sdk-result.js'
import { seedDemo, type DemoSeed } from '../emulator/seed.js'

const TOKEN = 'testtoken'
const teamId = 'team_acme'
let emulator: Emulator
let seed: DemoSeed
let client: VercelCore

async function call(method: string, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${emulator.url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } })
  const text = await res.text()
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) }
}

beforeEach(async () => {
  emulator = await startEmulator({ buildMs: 50 })
  seed = seedDemo(emulator.state)
  client = new VercelCore({ bearerToken: TOKEN, serverURL: emulator.url })
})

afterEach(async () => {
  await emulator.close()
})

describe('account', () => {
  it('userGetAuthUser reads the token owner, whose default team is the first team', async () => {
    const value = ok(await userGetAuthUser(client))
    expect(value?.user).toMatchObject({ id: 'usr_emulator', username: 'emulator', defaultTeamId: teamId })
  })

  it('teamsGetTeams lists the teams; the CLI reads the same list at v1', async () => {
    emulator.state.addTeam({ id: 'team_other', slug: 'other' })
    const value = ok(await teamsGetTeams(client, {}))
    expect(value.teams.map((t) => [t.id, t.slug])).toEqual([
      [teamId, 'acme'],
      ['team_other', 'other'],
    ])
    expect(value.pagination).toEqual({ count: 2, next: null, prev: null })
    expect(await call('GET', '/v1/teams')).toEqual({ status: 200, body: (await call('GET', '/v2/teams')).body })
  })

  it('teamsGetTeam reads one team; the CLI reads it without a version; an unknown team is 403', async () => {
    expect(ok(await teamsGetTeam(client, { teamId }))).toMatchObject({ id: teamId, slug: 'acme' })
    expect(await call('GET', `/teams/${teamId}`)).toMatchObject({ status: 200, body: { id: teamId, slug: 'acme' } })
    const unknown = await call('GET', '/teams/team_nope')
    expect(unknown).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } })
  })
})

describe('env records', () => {
  it('projectsRemoveProjectEnv removes a record and answers with it', async () => {
    const record = seed.projects.web.env[0]!
    const value = ok(await projectsRemoveProjectEnv(client, { idOrName: 'web', id: record.id, teamId }))
    expect(value).toMatchObject({ id: record.id, key: 'DATABASE_URL' })
    expect(emulator.state.projectEnvs('web')).toEqual([])
    expect(emulator.state.projectEnvs('api')).toHaveLength(1)
  })

  it('DELETE at v10 (the CLI) removes too; a second delete is 404', async () => {
    const record = seed.projects.api.env[0]!
    expect(await call('DELETE', `/v10/projects/prj_api/env/${record.id}?teamId=${teamId}`)).toMatchObject({
      status: 200,
      body: { id: record.id },
    })
    expect(await call('DELETE', `/v10/projects/prj_api/env/${record.id}?teamId=${teamId}`)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    })
  })

  it('the list filters on ?target=, which the CLI sends for `env rm KEY <target>`', async () => {
    emulator.state.addProjectEnv('web', { key: 'DEV_ONLY', value: 'd', type: 'plain', target: ['development'] })
    const list = async (target: string): Promise<string[]> => {
      const { body } = await call('GET', `/v10/projects/web/env?teamId=${teamId}&target=${target}`)
      return (body as { envs: { key: string }[] }).envs.map((e) => e.key)
    }
    expect(await list('development')).toEqual(['DEV_ONLY'])
    expect(await list('production')).toEqual(['DATABASE_URL'])
  })

  it('env pull resolves what a deployment of that target would see; sensitive values pull empty', async () => {
    emulator.state.addProjectEnv('web', { key: 'PUBLIC_URL', value: 'https://web.example', type: 'encrypted', target: ['production'] })
    const { status, body } = await call('GET', `/v3/env/pull/prj_web/production?teamId=${teamId}`)
    expect(status).toBe(200)
    expect(body).toEqual({ env: { DATABASE_URL: '', STRIPE_SECRET_KEY: '', PUBLIC_URL: 'https://web.example' } })
    const development = await call('GET', `/v3/env/pull/prj_web?teamId=${teamId}`)
    expect(development.body).toEqual({ env: {} })
  })
})

describe('deployments', () => {
  it('the v6 list (the CLI) answers as v7 (the SDK)', async () => {
    const q = `?projectId=prj_web&teamId=${teamId}`
    const v6 = await call('GET', `/v6/deployments${q}`)
    expect(v6.status).toBe(200)
    expect(v6.body).toEqual((await call('GET', `/v7/deployments${q}`)).body)
  })

  it('builds: one per deployment, in its state', async () => {
    const serving = emulator.state.servingDeployment('web')!
    const { status, body } = await call('GET', `/v11/deployments/${serving.uid}/builds?teamId=${teamId}`)
    expect(status).toBe(200)
    expect(body).toEqual({
      builds: [expect.objectContaining({ deploymentId: serving.uid, readyState: 'READY', entrypoint: 'package.json' })],
    })
    expect((await call('GET', `/v11/deployments/dpl_nope/builds?teamId=${teamId}`)).status).toBe(404)
  })

  it('rollback at v9 (the CLI) points production at the older build, as v1 does', async () => {
    const older = emulator.state.servingDeployment('web')!
    const newer = emulator.state.addDeployment('web', { target: 'production' })
    expect(emulator.state.servingDeployment('web')?.uid).toBe(newer.uid)
    expect(await call('POST', `/v9/projects/prj_web/rollback/${older.uid}?teamId=${teamId}`)).toEqual({
      status: 201,
      body: undefined,
    })
    expect(emulator.state.servingDeployment('web')?.uid).toBe(older.uid)
    expect(emulator.state.project('web').lastAliasRequest).toMatchObject({ type: 'rollback', toDeploymentId: older.uid })
  })
})
