/**
 * mode audit, end to end on the bundle: the weekly audit of ACTION.md against a seeded team. It reads metadata only
 * (the emulator's request log shows every request), and nothing it prints or writes carries a value.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seedAuditTeam, startEmulator, type AuditSeed, type Emulator } from '../emulator/index.js'
import { everythingWritten, expectNoCanaries, runAction, type ActionRun } from '../scripts/run-action.js'
import { CANARY_TOKEN } from './helpers/canaries.js'

let emulator: Emulator
let seed: AuditSeed
let temp: string
beforeEach(async () => {
  temp = mkdtempSync(join(tmpdir(), 'audit-e2e-'))
  emulator = await startEmulator({ token: CANARY_TOKEN })
  seed = seedAuditTeam(emulator.state, { projects: 5, recordsPerProject: 10 })
})
afterEach(async () => {
  await emulator.close()
  rmSync(temp, { recursive: true, force: true })
})

function audit(inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: { mode: 'audit', 'vercel-token': CANARY_TOKEN, team: seed.team.slug, 'api-url': emulator.url, ...inputs },
    env: { RUNNER_TEMP: temp, GITHUB_REPOSITORY: 'acme/platform', GITHUB_RUN_ID: '99', RUNNER_DEBUG: '1' },
  })
}

/** Every value the emulator holds, and the forms a listing could carry it in (the emulator's ciphertext is base64url). */
function seededValues(): string[] {
  const values = [
    ...seed.projects.flatMap((p) => emulator.state.projectEnvs(p.id).map((e) => e.value)),
    ...emulator.state.sharedEnvs(seed.team.id).map((s) => s.value),
  ]
  expect(values.length).toBeGreaterThan(50)
  return [...new Set(values)].flatMap((v) => [v, Buffer.from(v).toString('base64url'), Buffer.from(v).toString('base64')])
}

type Finding = { kind: string; key: string; scope: string; record: string; violation: boolean; 'age-from': string }

describe('mode: audit, as the weekly workflow runs it', () => {
  it('fails on the policy, naming the violations, and reports every kind of finding', async () => {
    const run = await audit({ 'max-age-days': '90', 'require-sensitive': 'true' })
    expect(run.code).toBe(1)
    const findings = JSON.parse(run.outputs.findings!) as Finding[]
    expect(new Set(findings.map((f) => f.kind))).toEqual(new Set(['readable', 'old', 'not-deployed', 'shadowed', 'integration']))
    const byRecord = (id: string) => findings.filter((f) => f.record === id).map((f) => f.kind)
    expect(byRecord(seed.cases.readable.id)).toEqual(expect.arrayContaining(['readable', 'old']))
    expect(byRecord(seed.cases.flagged.id)).toContain('readable')
    expect(byRecord(seed.cases.notDeployed.id)).toEqual(['not-deployed'])
    expect(byRecord(seed.cases.shadow.id)).toEqual(['shadowed'])
    expect(byRecord(seed.cases.publicConfig.id)).toEqual([])
    expect(byRecord(seed.cases.stamped.id)).toEqual([])
    expect(run.stdout).toMatch(/::error::The audit found \d+ policy violations/)
    expect(run.stdout).toContain(`LEGACY_API_KEY (project record ${seed.cases.readable.id} in app-001)`)
    // The matrix calls for rotations, never for what an integration's provider rotates.
    const matrix = JSON.parse(run.outputs['rotation-matrix']!) as { name: string; scope: string; team?: string }[]
    expect(matrix).toContainEqual({ team: 'audit', scope: 'project', name: 'LEGACY_API_KEY', projects: 'app-001' })
    expect(findings.filter((f) => f.kind === 'integration').length).toBeGreaterThan(0)
    for (const r of seed.cases.integration) expect(matrix.map((m) => m.name)).not.toContain(r.key)
    expect(run.outputs['safe-to-revoke']).toBe('false')
    expect(run.summary).toMatch(/policy violations/)
  })

  it('without a policy, reports the same findings and succeeds', async () => {
    const run = await audit()
    expect(run.code).toBe(0)
    const findings = JSON.parse(run.outputs.findings!) as Finding[]
    expect(findings.some((f) => f.kind === 'readable')).toBe(true)
    expect(findings.some((f) => f.kind === 'old')).toBe(false)
    expect(findings.every((f) => !f.violation)).toBe(true)
    expect(run.stdout).not.toContain('::error::')
  })

  it('reads metadata only: no decrypt, no single record, no write, no deployment', async () => {
    await audit({ 'max-age-days': '30' })
    const requests = emulator.requests
    expect(requests.length).toBeGreaterThan(5)
    for (const r of requests) {
      expect(r.method, `${r.method} ${r.path}`).toBe('GET')
      expect(Object.keys(r.query), `${r.path}`).not.toContain('decrypt')
      expect(r.path, 'a read of one record, which Vercel answers decrypted').not.toMatch(/\/env\/[^/]+$/)
    }
  })

  it('prints and writes no value and no token: log, summary, outputs, result file', async () => {
    const run = await audit({ 'max-age-days': '90', 'require-sensitive': 'true' })
    const files = readdirSync(temp).map((f) => readFileSync(join(temp, f), 'utf8'))
    expect(files).toHaveLength(1)
    const file = JSON.parse(files[0]!) as { mode: string; safeToRevoke: boolean; audit: { findings: unknown[]; violations: string[] } }
    expect(file).toMatchObject({ mode: 'audit', safeToRevoke: false })
    expect(file.audit.findings).toEqual(JSON.parse(run.outputs.findings!))
    expect(file.audit.violations.length).toBeGreaterThan(0)
    const canaries = [CANARY_TOKEN, ...seededValues()]
    expectNoCanaries(run, canaries)
    for (const c of canaries) expect(files[0]!.includes(c)).toBe(false)
    expect(everythingWritten(run)).toContain('LEGACY_API_KEY')
  })
})
