/**
 * The verdict's next step and the step's error, read against every mix of statuses that can hold the verdict back
 * in each mode: no sentence may contradict the rows beneath it.
 */
import { describe, expect, it } from 'vitest'
import { parseInputs } from '../src/inputs.js'
import { failureOf } from '../src/main.js'
import { nextStep, renderSummary } from '../src/report/summary.js'
import type { ProjectResult, ProjectStatus } from '../src/rotation/types.js'
import { HELD_BACK } from '../src/rotation/canary.js'
import { projectOf } from './helpers/summary-cases.js'

const HOLDING: Record<'rotate' | 'redeploy' | 'verify', ProjectStatus[]> = {
  rotate: ['failed', 'unhealthy', 'skipped', 'redeployed'],
  redeploy: ['failed', 'unhealthy', 'skipped', 'redeployed'],
  verify: ['stale', 'unhealthy', 'skipped'],
}

/** Every non-empty subset of the statuses. */
const subsets = <T>(xs: T[]): T[][] => Array.from({ length: 2 ** xs.length - 1 }, (_, m) => xs.filter((_, i) => ((m + 1) >> i) & 1))

const cases = Object.entries(HOLDING).flatMap(([mode, statuses]) => subsets(statuses).map((held) => [mode, held] as const))

describe.each(cases)('mode %s, held back by %j', (mode, held) => {
  const projects: ProjectResult[] = [
    ...held.map((status) => projectOf(`${status}-app`, { status, revokeReady: false, note: 'As its row says.' })),
    projectOf('fine-app', { status: mode === 'verify' ? 'verified' : 'redeployed' }),
  ]
  const result = { projects, rotatedAt: '2026-11-25T06:00:00.000Z', written: mode === 'rotate', safeToRevoke: false, warnings: [], cancelled: false }
  const config = parseInputs(
    { 'vercel-token': 't', projects: 'web', name: 'DATABASE_URL', mode, ...(mode === 'rotate' ? { value: 'v' } : {}) },
    {},
  ).settings
  const texts = { verdict: nextStep(result, config), error: failureOf(config, result, undefined)! }

  it.each(Object.entries(texts))('%s', (_, text) => {
    const has = (s: ProjectStatus) => held.includes(s)
    // A live value failing its health check: keep the old credential and fix the value. Nothing else says so.
    expect(/keep the old credential valid/.test(text)).toBe(has('unhealthy'))
    expect(/new value is live|fix the value/.test(text)).toBe(has('unhealthy'))
    // Stale is named, with verify again, exactly when a row is stale.
    expect(/\bstale\b/.test(text)).toBe(has('stale'))
    if (has('stale')) expect(text).toMatch(/verify again/)
    // Anything else held back is sent to its row's fix.
    const other = held.some((s) => s !== 'unhealthy' && s !== 'stale')
    expect(/Fix what (is listed|each project listed names)|fix what each one names/.test(text)).toBe(other)
    // verify writes and redeploys nothing: re-running it resumes nothing.
    if (mode === 'verify') expect(text).not.toMatch(/re-run the job|resumes/)
    // A redeploy is never the whole answer to a wrong value.
    if (has('unhealthy') && !has('stale')) expect(text).not.toMatch(/mode: redeploy|redeploy them/i)
  })

  it('the verdict opens with a bold answer matching the worst row', () => {
    expect(texts.verdict).toMatch(
      has('unhealthy') ? /^\*\*Do not revoke: keep the old credential valid\.\*\*/ : /^\*\*Do not revoke the old credential yet\.\*\*/,
    )
    function has(s: ProjectStatus) {
      return held.includes(s)
    }
  })
})

describe('a failed canary', () => {
  it('sends the held-back projects to the canary, not to fixes of their own', () => {
    const projects: ProjectResult[] = [
      projectOf('web', { status: 'unhealthy', revokeReady: false, exposure: { kind: 'contained', servingId: 'dpl_old' } }),
      projectOf('api', { status: 'skipped', revokeReady: false, note: `${HELD_BACK} web did not pass (unhealthy).` }),
    ]
    const result = { projects, rotatedAt: '2026-11-25T06:00:00.000Z', written: true, safeToRevoke: false, warnings: [], cancelled: false }
    const config = parseInputs({ 'vercel-token': 't', projects: 'web, api', name: 'DATABASE_URL', value: 'v', canary: '1' }, {}).settings
    for (const text of [nextStep(result, config), failureOf(config, result, undefined)!]) {
      expect(text).toMatch(/held back by the canary: once it passes, a re-run proves the canaries first again/)
      expect(text).not.toMatch(/fix what/i)
    }
  })
})

describe('a health check Deployment Protection refused', () => {
  it('is not called a wrong value: the verdict names a way through, and still keeps the old credential', () => {
    const note =
      'Its health check GET https://api.example/api/health was refused (HTTP 401: Deployment Protection refused it: set protection-bypass to the project\'s "Protection Bypass for Automation" secret). The new value is not proven in production: keep the old credential valid until the check gets through.'
    const projects: ProjectResult[] = [projectOf('api', { status: 'unhealthy', revokeReady: false, note })]
    const result = { projects, rotatedAt: '2026-11-25T06:00:00.000Z', written: false, safeToRevoke: false, warnings: [], cancelled: false }
    const config = parseInputs({ 'vercel-token': 't', projects: 'api', name: 'DATABASE_URL', mode: 'verify' }, {}).settings
    for (const text of [nextStep(result, config), failureOf(config, result, undefined)!]) {
      expect(text).toMatch(
        /Deployment Protection refused the health checks of one unhealthy project .*keep the old credential valid, give the checks a way through as each row names, then verify again/,
      )
      expect(text).not.toMatch(/fix the value/)
    }
  })

  it("its row's fix in the summary names a way through, never a new value", () => {
    const note =
      "Its health check GET https://api.example/api/health was refused (HTTP 401: the job's GitHub OIDC token was refused: add a Trusted Sources rule). The new value is not proven in production: keep the old credential valid until the check gets through."
    const projects: ProjectResult[] = [projectOf('api', { status: 'unhealthy', revokeReady: false, note })]
    const result = { projects, rotatedAt: '2026-11-25T06:00:00.000Z', written: true, safeToRevoke: false, warnings: [], cancelled: false }
    const settings = parseInputs({ 'vercel-token': 't', projects: 'api', name: 'DATABASE_URL', value: 'v-123' }, {}).settings
    const md = renderSummary({ name: 'DATABASE_URL', settings, result })
    expect(md).toMatch(/Give the health checks a way through Deployment Protection as the note names, then re-run/)
    expect(md).not.toMatch(/fix the value/i)
  })
})
