/**
 * mode: gate, the verdict over the legs of a matrix: true only when every expected leg is there once, from this
 * run, on the same keys, and itself safe; every other case false, naming the leg and the reason.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findResultFiles, globPattern } from '../src/gate/files.js'
import { gateFailure, gateVerdict } from '../src/gate/verdict.js'
import { InputError, parseInputs } from '../src/inputs.js'
import { gateOutputsOf, renderGateSummary } from '../src/report/gate-summary.js'
import { RESULT_FORMAT, RESULT_VERSION, resultFileName, resultFileOf, type ResultFile } from '../src/report/result-file.js'
import type { RunResult } from '../src/rotation/types.js'
import { settingsOf } from './helpers/summary-cases.js'
import type { ReadFile } from '../src/gate/files.js'

const RUN = '4242'

function leg(team: string, over: Partial<ResultFile> = {}, run: Partial<ResultFile['run']> = {}): ResultFile {
  return {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    team,
    scope: 'team',
    keys: ['DATABASE_URL'],
    store: null,
    mode: 'rotate',
    safeToRevoke: true,
    revokeAfter: '2026-01-31T06:05:00.000Z',
    rotatedAt: '2026-01-31T06:00:00.000Z',
    projects: [{ name: 'web', id: 'prj_web', status: 'redeployed' }],
    error: null,
    run: { repository: 'acme/platform', runId: RUN, runAttempt: 1, workflow: 'Rotate', ...run },
    ...over,
  }
}

const file = (f: ResultFile | string, path = `rotation-${typeof f === 'string' ? 'x' : f.team}/result.json`): ReadFile => ({
  path,
  text: typeof f === 'string' ? f : JSON.stringify(f),
})

const judge = (files: ReadFile[], expect = ['team-a', 'team-b']) => gateVerdict(files, expect, RUN)

/** The verdict is false, the failure names the leg (or file) and the reason. */
function expectHeld(files: ReadFile[], named: string, reason: RegExp, expected?: string[]): void {
  const g = judge(files, expected)
  expect(g.safeToRevoke).toBe(false)
  expect(gateOutputsOf(g)['safe-to-revoke']).toBe('false')
  expect(gateOutputsOf(g)['revoke-after']).toBe('')
  const failure = gateFailure(g)!
  const line = failure.split('\n').find((l) => l.startsWith(`- ${named}:`))
  expect(line, failure).toBeDefined()
  expect(line).toMatch(reason)
}

describe('gate verdict', () => {
  it('is true when every expected leg is there once, from this run, on the same keys, and safe', () => {
    const g = judge([file(leg('team-a')), file(leg('team-b', { revokeAfter: '2026-01-31T07:00:00.000Z', rotatedAt: '2026-01-31T06:01:00.000Z' }))])
    expect(g.safeToRevoke).toBe(true)
    expect(gateFailure(g)).toBeUndefined()
    const out = gateOutputsOf(g)
    expect(out['safe-to-revoke']).toBe('true')
    expect(out['revoke-after']).toBe('2026-01-31T07:00:00.000Z')
    expect(JSON.parse(out['rotated-at'])).toEqual({ 'team-a': '2026-01-31T06:00:00.000Z', 'team-b': '2026-01-31T06:01:00.000Z' })
    expect(out['failed-projects']).toBe('')
  })

  it('a missing leg (skipped, cancelled, crashed before writing)', () => {
    expectHeld([file(leg('team-a'))], 'team-b', /no result file/)
  })

  it('an extra leg', () => {
    expectHeld([file(leg('team-a')), file(leg('team-b')), file(leg('team-c'))], 'team-c', /not in expect/)
  })

  it('a duplicated leg: two files of the same attempt', () => {
    expectHeld(
      [file(leg('team-a')), file(leg('team-b')), file(leg('team-b'), 'copy/result.json')],
      'team-b',
      /duplicated: 2 result files of attempt 1/,
    )
  })

  it('an unreadable file, a foreign file, another format version', () => {
    const ok = [file(leg('team-a')), file(leg('team-b'))]
    expectHeld([...ok, file('{not json', 'x/broken.json')], 'x/broken.json', /not JSON/)
    expectHeld([...ok, file(JSON.stringify({ team: 'team-a' }), 'x/other.json')], 'x/other.json', /not a result file of this action/)
    expectHeld([...ok, file(JSON.stringify({ ...leg('team-a'), version: 99 }), 'x/v99.json')], 'x/v99.json', /format version 99/)
    expectHeld([...ok, { path: 'x/gone.json', error: 'EACCES' }], 'x/gone.json', /cannot be read/)
  })

  it('a leg from another workflow run', () => {
    expectHeld([file(leg('team-a')), file(leg('team-b', {}, { runId: '1111' }))], 'team-b', /another workflow run \(run 1111, not 4242\)/)
  })

  it('no run ID to tie the files to', () => {
    const g = gateVerdict([file(leg('team-a'))], ['team-a'], undefined)
    expect(g.safeToRevoke).toBe(false)
    expect(gateFailure(g)).toMatch(/team-a: cannot be tied to this workflow run/)
  })

  it('a mix of keys', () => {
    expectHeld([file(leg('team-a')), file(leg('team-b', { keys: ['REDIS_URL'] }))], 'team-b', /a mix of keys: this leg has REDIS_URL/)
  })

  it('a leg that is not itself safe, naming its projects; failed-projects prefixed with the team', () => {
    const bad = leg('team-b', { safeToRevoke: false, revokeAfter: null, projects: [{ name: 'api', id: 'prj_api', status: 'unhealthy' }] })
    expectHeld([file(leg('team-a')), file(bad)], 'team-b', /not safe to revoke: api \(unhealthy\)/)
    expect(gateOutputsOf(judge([file(leg('team-a')), file(bad)]))['failed-projects']).toBe('team-b/api')
  })

  it('a leg that ran a mode that judges nothing (plan)', () => {
    expectHeld([file(leg('team-a')), file(leg('team-b', { mode: 'plan', safeToRevoke: false }))], 'team-b', /ran mode plan/)
  })

  it('keeps the latest attempt of a leg: a re-run that passed replaces the failed first attempt, and the other way round', () => {
    const failed = leg('team-b', { safeToRevoke: false, projects: [{ name: 'api', id: 'prj_api', status: 'failed' }] })
    const passed = leg('team-b', {}, { runAttempt: 2 })
    expect(judge([file(leg('team-a')), file(failed, 'a1/r.json'), file(passed, 'a2/r.json')]).safeToRevoke).toBe(true)
    const failedLater = { ...failed, run: { ...failed.run, runAttempt: 3 } }
    expect(judge([file(leg('team-a')), file(passed, 'a2/r.json'), file(failedLater, 'a3/r.json')]).safeToRevoke).toBe(false)
  })

  it('the summary has one row per leg, attention first, with counts and a link to the run', () => {
    const bad = leg('team-b', { safeToRevoke: false, projects: [{ name: 'api', id: 'prj_api', status: 'failed' }] })
    const md = renderGateSummary({ gate: judge([file(leg('team-a')), file(bad)]) })
    const rows = md.split('\n').filter((l) => l.startsWith('| team-'))
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatch(/^\| team-b \| ❌ not safe to revoke: api \(failed\) \| 1 failed \|/)
    expect(rows[1]).toMatch(
      /^\| team-a \| ✅ rotate \| 1 redeployed \|.*\[run 4242\]\(https:\/\/github\.com\/acme\/platform\/actions\/runs\/4242\/attempts\/1\)/,
    )
  })
})

describe('gate inputs', () => {
  const gate = (over: Record<string, string>) => parseInputs({ mode: 'gate', ...over })
  const problems = (over: Record<string, string>): string[] => {
    try {
      gate(over)
    } catch (err) {
      if (err instanceof InputError) return err.problems
      throw err
    }
    return []
  }

  it('needs no token, team or name; expect takes commas, lines or a JSON array', () => {
    expect(gate({ results: 'results', expect: 'team-a, team-b' }).settings.expect).toEqual(['team-a', 'team-b'])
    expect(gate({ results: 'results', expect: 'team-a\nteam-b' }).settings.expect).toEqual(['team-a', 'team-b'])
    expect(gate({ results: 'results', expect: '["team-a","team-b"]' }).settings.expect).toEqual(['team-a', 'team-b'])
  })

  it('refuses a missing or empty expect, and a missing results', () => {
    expect(problems({ results: 'results' })).toEqual([expect.stringMatching(/^expect: is missing/)])
    expect(problems({ results: 'results', expect: '[]' })).toEqual([expect.stringMatching(/^expect: is empty/)])
    expect(problems({ results: 'results', expect: ' , ' })).toEqual([expect.stringMatching(/^expect: is empty/)])
    expect(problems({ expect: 'a' })).toEqual([expect.stringMatching(/^results: is missing/)])
  })

  it('still needs the token in every other mode, and refuses gate inputs there', () => {
    expect(() => parseInputs({ projects: 'web', name: 'K', value: 'v' })).toThrow(/vercel-token: is missing/)
    expect(() => parseInputs({ 'vercel-token': 't', projects: 'web', name: 'K', value: 'v', expect: 'a' })).toThrow(
      /expect: is only used by mode gate/,
    )
  })
})

describe('result files under results', () => {
  let dir: string | undefined
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }))

  it('a directory is searched recursively; a glob takes *, ** and ?', () => {
    dir = mkdtempSync(join(tmpdir(), 'gate-files-'))
    for (const f of ['rotation-a/r-a.json', 'rotation-b/deep/r-b.json', 'notes.txt']) {
      mkdirSync(join(dir, f, '..'), { recursive: true })
      writeFileSync(join(dir, f), '{}')
    }
    expect(findResultFiles(dir).map((f) => f.slice(dir!.length + 1))).toEqual(['notes.txt', 'rotation-a/r-a.json', 'rotation-b/deep/r-b.json'])
    expect(findResultFiles('**/*.json', dir).map((f) => f.slice(dir!.length + 1))).toEqual(['rotation-a/r-a.json', 'rotation-b/deep/r-b.json'])
    expect(findResultFiles('rotation-?/*.json', dir).map((f) => f.slice(dir!.length + 1))).toEqual(['rotation-a/r-a.json'])
    expect(findResultFiles('nothing-*/*.json', dir)).toEqual([])
    expect(findResultFiles('missing', dir)).toEqual([])
    expect(globPattern('a/**/b?.json').test('a/x/y/b1.json')).toBe(true)
    expect(globPattern('a/*.json').test('a/x/b.json')).toBe(false)
  })
})

describe('the result file content', () => {
  const run = { repository: 'acme/platform', runId: '4242', runAttempt: 2, workflow: 'Rotate', invocation: 'x' }

  it('names the leg from the raw inputs when they were refused, and one file per team, mode, run and attempt', () => {
    const f = resultFileOf(undefined, undefined, run, 'Invalid input: max-parallel: ...', { team: ' team-a ', mode: '', name: 'A, B' })
    expect(f).toMatchObject({ format: RESULT_FORMAT, version: RESULT_VERSION, team: 'team-a', keys: ['A', 'B'], mode: 'rotate', safeToRevoke: false })
    expect(f.run).toEqual({ repository: 'acme/platform', runId: '4242', runAttempt: 2, workflow: 'Rotate' })
    expect(resultFileName(f, 'ab12cd34')).toBe('rotate-vercel-secret-team-a-rotate-4242-2-ab12cd34.json')
    expect(resultFileName({ ...f, team: '../x y' }, 'z')).toBe('rotate-vercel-secret-x-y-rotate-4242-2-z.json')
  })

  it('keeps revoke-after only with a true verdict, and each project by name, ID and status alone', () => {
    const result: RunResult = {
      projects: [
        {
          id: 'prj_web',
          name: 'web',
          records: [],
          status: 'failed',
          revokeReady: false,
          note: 'ERROR',
          deployment: { id: 'dpl_1', url: 'u', state: 'ERROR' },
        },
      ],
      rotatedAt: '2026-01-31T06:00:00.000Z',
      revokeAfter: '2026-01-31T06:05:00.000Z',
      written: true,
      safeToRevoke: false,
      warnings: [],
      cancelled: false,
    }
    const f = resultFileOf(settingsOf({ team: 'team-a', scope: 'team' }), result, run, undefined)
    expect(f.revokeAfter).toBeNull()
    expect(f.projects).toEqual([{ name: 'web', id: 'prj_web', status: 'failed' }])
  })
})
