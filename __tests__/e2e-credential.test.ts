/**
 * The bundled action with a credential of several keys and with a generated value, run as the runner runs it:
 * no value, given or generated, appears in anything it printed or wrote.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { CANARY_TOKEN } from './helpers/canaries.js'
import { everythingWritten, expectMaskedFirst, expectNoCanaries, runAction } from '../scripts/run-action.js'

let emulator: Emulator
afterEach(async () => emulator?.close())

const DAY = 86_400_000
const VALUES = {
  DATABASE_URL: 'postgres://app:canary-pw-71c2e9@pooler.neon.example/app',
  DATABASE_URL_UNPOOLED: 'postgres://app:canary-pw-71c2e9@direct.neon.example/app',
  PGPASSWORD: 'canary-pw-71c2e9',
}

async function team(keys: string[]) {
  emulator = await startEmulator({ token: CANARY_TOKEN, buildMs: 100 })
  const s = emulator.state
  s.addTeam({ id: 'team_acme', slug: 'acme' })
  for (const name of ['web', 'api']) {
    s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
    for (const key of keys) s.addProjectEnv(name, { key, value: `old-${key}`, type: 'sensitive', target: ['production', 'preview'] })
    s.addDeployment(name, { target: 'production', createdAt: Date.now() - DAY })
  }
}

describe('the bundle with a credential', () => {
  it('three keys from the step’s env: masked first, written, one redeploy per project, no value anywhere', async () => {
    await team(Object.keys(VALUES))
    const run = await runAction({
      inputs: { 'vercel-token': CANARY_TOKEN, team: 'acme', projects: 'web\napi', name: Object.keys(VALUES).join(', '), 'api-url': emulator.url },
      env: VALUES,
    })
    expect(run.code, run.stdout).toBe(0)
    expect(run.outputs['safe-to-revoke']).toBe('true')
    expectMaskedFirst(run, [CANARY_TOKEN, ...Object.values(VALUES)])
    expectNoCanaries(run, [CANARY_TOKEN, ...Object.values(VALUES)])
    for (const name of ['web', 'api']) for (const r of emulator.state.projectEnvs(name)) expect(r.value).toBe(VALUES[r.key as keyof typeof VALUES])
    expect(emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v13/deployments')).toHaveLength(2)
    const projects = JSON.parse(run.outputs.projects!) as { records: { key: string }[] }[]
    expect(projects[0]!.records.map((r) => r.key)).toEqual(Object.keys(VALUES))
    expect(run.summary).toContain('DATABASE_URL_UNPOOLED')
  })

  it('generate: base64url:32 stores 43 URL-safe characters that appear in no output, log or summary', async () => {
    await team(['CRON_SECRET'])
    const run = await runAction({
      inputs: {
        'vercel-token': CANARY_TOKEN,
        team: 'acme',
        projects: 'web, api',
        name: 'CRON_SECRET',
        generate: 'base64url:32',
        'api-url': emulator.url,
      },
    })
    expect(run.code, run.stdout).toBe(0)
    expect(run.outputs['safe-to-revoke']).toBe('true')
    const stored = emulator.state.projectEnvs('web')[0]!.value
    expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(emulator.state.projectEnvs('api')[0]!.value).toBe(stored)
    // Handed to the runner to mask before it could be printed, and nowhere else.
    expect(run.stdout).toContain(`::add-mask::${stored}`)
    expectNoCanaries(run, [stored, stored.slice(0, 20), stored.slice(-20)])
    expect(everythingWritten(run)).not.toContain(stored)
  })
})
