/**
 * `npm run local-action`: src/main.ts under GitHub's own @github/local-action, against the emulator, with the
 * inputs of .env.example. local-action stands in for @actions/core, so outputs, masks and the summary only come
 * back through it when the action speaks to the runner through @actions/core.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseEnv, stripVTControlCharacters } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { CANARIES, CANARY_TOKEN, CANARY_VALUE } from './helpers/canaries.js'
import { expectNoCanaries } from '../scripts/run-action.js'

const ROOT = resolve(import.meta.dirname, '..')
const TSX = join(ROOT, 'node_modules/.bin/tsx')

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res))
  const { port } = server.address() as { port: number }
  await new Promise((res) => server.close(res))
  return port
}

/** .env.example with the given variables replaced or added. */
function envFile(overrides: Record<string, string>): { file: string; summaryFile: string } {
  dir = mkdtempSync(join(tmpdir(), 'local-action-test-'))
  const summaryFile = join(dir, 'summary.md')
  const vars = { ...parseEnv(readFileSync(join(ROOT, '.env.example'), 'utf8')), GITHUB_STEP_SUMMARY: summaryFile, ...overrides }
  const file = join(dir, '.env')
  // Single quotes keep a value's white space, as a real secret's stray space would reach the action.
  writeFileSync(
    file,
    Object.entries(vars)
      .map(([k, v]) => `${k}='${v}'`)
      .join('\n') + '\n',
  )
  return { file, summaryFile }
}

interface LocalRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

async function localAction(file: string, summaryFile: string): Promise<LocalRun> {
  const child = spawn(TSX, ['scripts/local-action.ts', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const code = await new Promise<number | null>((res) => child.on('close', res))
  stdout = stripVTControlCharacters(stdout)
  const outputs: Record<string, string> = {}
  for (const m of stdout.matchAll(/^::set-output name=([\w-]+)::(.*)$/gm)) outputs[m[1]!] = m[2]!
  const summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : ''
  return { code, stdout, stderr: stripVTControlCharacters(stderr), outputs, summary }
}

describe('npm run local-action', () => {
  it('rotates the demo team from .env.example: outputs and summary come back, no secret anywhere', async () => {
    const port = await freePort()
    const { file, summaryFile } = envFile({
      'INPUT_VERCEL-TOKEN': CANARY_TOKEN,
      INPUT_VALUE: CANARY_VALUE,
      'INPUT_API-URL': `http://127.0.0.1:${port}`,
      ACTIONS_STEP_DEBUG: 'true',
    })
    const run = await localAction(file, summaryFile)
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).not.toMatch(/^::error::/m)
    expect(run.stdout).not.toContain('No outputs were set')

    expect(run.outputs['safe-to-revoke']).toBe('true')
    expect(new Date(run.outputs['rotated-at']!).toISOString()).toBe(run.outputs['rotated-at'])
    const projects = JSON.parse(run.outputs.projects!) as { name: string; status: string }[]
    expect(projects.map((p) => [p.name, p.status])).toEqual([
      ['web', 'redeployed'],
      ['api', 'redeployed'],
    ])

    expect(run.summary).toContain('## Rotate Vercel Secret: `DATABASE_URL`')
    expect(run.summary).toMatch(/^\| web \| ✅ redeployed \|/m)
    expect(run.summary).toMatch(/^\| api \| ✅ redeployed \|/m)
    expect(run.summary).toContain('### ✅ safe-to-revoke: `true`')

    // Masks went to local-action's stand-in rather than onto the log; debug lines show because the file asks.
    expect(run.stdout).not.toContain('::add-mask::')
    expect(run.stdout).toMatch(/^::debug::settings: /m)
    expectNoCanaries(run, CANARIES)
  }, 120_000)

  it('a value with a stray space: fails naming the input, exits 1, no secret anywhere', async () => {
    const port = await freePort()
    const { file, summaryFile } = envFile({
      'INPUT_VERCEL-TOKEN': CANARY_TOKEN,
      INPUT_VALUE: `${CANARY_VALUE} `,
      'INPUT_API-URL': `http://127.0.0.1:${port}`,
    })
    const run = await localAction(file, summaryFile)
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^::error::.*value/m)
    expect(run.stdout).not.toMatch(/^::debug::/m)
    expect(run.outputs['safe-to-revoke']).toBe('false')
    expect(run.summary).toContain('### ❌ safe-to-revoke: `false`')
    expectNoCanaries(run, CANARIES)
  }, 120_000)
})
