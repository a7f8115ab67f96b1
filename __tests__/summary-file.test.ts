/**
 * @actions/core 3 writes the summary only into a file the runner created. Where there is none (a self-hosted or
 * older runner, a local run), the summary is lost with a warning, and the outputs and the verdict still stand.
 */
import { describe, expect, it } from 'vitest'
import { CANARIES, CANARY_TOKEN, CANARY_VALUE } from './helpers/canaries.js'
import { expectNoCanaries, runAction } from '../scripts/run-action.js'

// Invalid inputs: the step fails before any request, so no emulator is needed.
const inputs = { 'vercel-token': CANARY_TOKEN, projects: 'web', name: 'DATABASE_URL', value: CANARY_VALUE, 'max-parallel': 'lots' }

describe('the bundle without a usable summary file', () => {
  it.each([
    ['a summary path the runner did not create', { GITHUB_STEP_SUMMARY: '/nonexistent/rotate-summary.md' }],
    ['no summary path at all', { GITHUB_STEP_SUMMARY: '' }],
  ])('%s: warns, still sets the outputs and fails on the inputs', async (_, env) => {
    const run = await runAction({ inputs, env })
    expect(run.code).toBe(1)
    expect(run.outputs['safe-to-revoke']).toBe('false')
    expect(run.stdout).toMatch(/^::warning::Could not write the job summary: /m)
    expect(run.stdout).toMatch(/^::error::Invalid input: max-parallel/m)
    expectNoCanaries(run, CANARIES)
  })
})
