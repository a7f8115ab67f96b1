/**
 * The shape of the shell: only src/main.ts talks to the runner, and a run that fails on its inputs never loads the
 * SDK or @actions/github (the chunks ncc splits off at their dynamic imports).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DIST, runAction } from '../scripts/run-action.js'

const SRC = resolve(import.meta.dirname, '../src')

describe('the shell', () => {
  it('only src/main.ts imports @actions/core or @actions/github', () => {
    const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    const importers = files.filter((f) =>
      /from '@actions\/(core|github)'|import\('@actions\/(core|github)'\)/.test(readFileSync(join(SRC, f), 'utf8')),
    )
    expect(importers).toEqual(['main.ts'])
  })
})

describe('the bundle without its chunks', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  function distWithoutChunks(): string {
    dir = mkdtempSync(join(tmpdir(), 'rotate-dist-'))
    const from = resolve(DIST, '..')
    for (const f of readdirSync(from)) if (!/^\d+\.index\.js/.test(f)) cpSync(join(from, f), join(dir, f))
    return join(dir, 'index.js')
  }

  it('still fails on invalid inputs exactly as the full bundle does', async () => {
    const inputs = { 'vercel-token': 'tok', projects: 'web', name: 'DATABASE_URL', value: 'v4lue', 'max-parallel': 'lots' }
    const full = await runAction({ inputs })
    const bare = await runAction({ inputs, entry: distWithoutChunks() })
    expect(bare.code).toBe(1)
    expect(bare.stderr).toBe('')
    expect(bare.stdout).toBe(full.stdout)
    // Each run writes its own result file.
    expect(bare.outputs['result-file']).toMatch(/rotate-vercel-secret-no-team-rotate-4242-1-\w+\.json$/)
    expect({ ...bare.outputs, 'result-file': '' }).toEqual({ ...full.outputs, 'result-file': '' })
  })

  it('needs them once the inputs are valid', async () => {
    const inputs = { 'vercel-token': 'tok', projects: 'web', name: 'DATABASE_URL', value: 'v4lue', 'api-url': 'http://127.0.0.1:9' }
    const bare = await runAction({ inputs, entry: distWithoutChunks() })
    expect(bare.code).toBe(1)
    expect(bare.stdout).toMatch(/^::error::.*index\.js/m)
  })
})
