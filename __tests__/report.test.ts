import { describe, expect, it } from 'vitest'
import { outputsOf } from '../src/report/outputs.js'
import { nextStep, renderSummary } from '../src/report/summary.js'
import type { ProjectResult, RunResult } from '../src/rotation/types.js'
import { settingsOf } from './helpers/summary-cases.js'

const project = (over: Partial<ProjectResult>): ProjectResult => ({
  id: 'prj_web',
  name: 'web',
  records: [{ id: 'env_1', key: 'DATABASE_URL', targets: ['production', 'preview'], type: 'sensitive' }],
  deployment: { id: 'dpl_new', url: 'web-abc.vercel.app', state: 'READY' },
  status: 'redeployed',
  revokeReady: true,
  ...over,
})
const result = (projects: ProjectResult[], over: Partial<RunResult> = {}): RunResult => ({
  projects,
  rotatedAt: '2026-11-25T06:00:00.000Z',
  written: true,
  safeToRevoke: projects.every((p) => p.revokeReady),
  warnings: [],
  cancelled: false,
  ...over,
})
const settings = settingsOf({ projects: ['web', 'a|b'] })

describe('outputsOf', () => {
  it('is all strings, with safe-to-revoke never empty', () => {
    expect(outputsOf(undefined)).toEqual({ 'safe-to-revoke': 'false', 'revoke-after': '', 'rotated-at': '', projects: '[]', 'failed-projects': '' })
  })

  it('lists projects with the fields of ACTION.md and names the failed and stale ones', () => {
    const o = outputsOf(
      result([
        project({}),
        project({ name: 'api', id: 'prj_api', status: 'failed', revokeReady: false }),
        project({ name: 'docs', status: 'stale', revokeReady: false }),
      ]),
    )
    expect(o['safe-to-revoke']).toBe('false')
    expect(o['failed-projects']).toBe('api,docs')
    const parsed = JSON.parse(o.projects) as Array<Record<string, unknown>>
    expect(Object.keys(parsed[0] ?? {}).sort()).toEqual(['deployment', 'id', 'name', 'records', 'status'])
    expect(parsed[0]?.deployment).toEqual({ id: 'dpl_new', url: 'web-abc.vercel.app', state: 'READY' })
  })
})

describe('renderSummary', () => {
  it('has a heading, one row per project with a link, and the verdict with the next step', () => {
    const md = renderSummary({
      name: 'DATABASE_URL',
      settings,
      result: result([project({}), project({ name: 'a|b', status: 'failed', revokeReady: false, note: 'The build failed (ERROR).' })], {
        safeToRevoke: false,
      }),
    })
    expect(md).toContain('## Rotate Vercel Secret: `DATABASE_URL`')
    expect(md).toContain('**Team** acme')
    expect(md).toContain('[new](https://vercel.com/acme/web/new "dpl_new")')
    expect(md).toContain('| a\\|b | ❌ failed |')
    expect(md).toContain('### ❌ safe-to-revoke: `false`')
    expect(md).toContain('re-run the job')
    expect(md).toContain('The build failed (ERROR).')
    // One row per project in the results table (the records table below has its own).
    expect(md.match(/^\| \S+ \| (✅|❌) [a-z-]+ \|/gm)).toHaveLength(2)
  })

  it('says revoke now only when safe', () => {
    expect(nextStep(result([project({})]), settings)).toMatch(/can be revoked/)
    expect(nextStep(result([project({ revokeReady: false })], { safeToRevoke: false }), { ...settings, wait: false })).toMatch(/verify/)
    expect(nextStep(result([], { safeToRevoke: false }), { ...settings, mode: 'plan' })).toMatch(/nothing was written/)
  })
})
