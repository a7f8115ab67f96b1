/**
 * `npm run local-action [-- FILE]`: runs `run()` from src/main.ts under GitHub's own @github/local-action, with
 * the inputs of FILE (default `.env`, else `.env.example`), against the local emulator seeded with the demo team.
 * Exits 1 when the action failed, which local-action itself does not do.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseEnv, stripVTControlCharacters } from 'node:util'
import { seedDemo, startEmulator } from '../emulator/index.js'

const ROOT = resolve(import.meta.dirname, '..')
const LOCAL_ACTION = join(ROOT, 'node_modules/.bin/local-action')

const file = resolve(process.argv[2] ?? (existsSync(join(ROOT, '.env')) ? join(ROOT, '.env') : join(ROOT, '.env.example')))
const vars = parseEnv(readFileSync(file, 'utf8'))

// Inputs reach local-action only through the file: it starts the action through /bin/sh, which (as dash) drops
// variables whose names hold a hyphen (INPUT_API-URL). So the file names the address and the emulator listens there.
const api = URL.parse(vars['INPUT_API-URL'] ?? '')
if (!api || api.protocol !== 'http:' || api.hostname !== '127.0.0.1' || !api.port) {
  fail(
    `INPUT_API-URL in ${file} must be the emulator's address, e.g. http://127.0.0.1:3999 (got "${vars['INPUT_API-URL'] ?? ''}"). ` +
      `To run against another API, run \`npx local-action . src/main.ts ${file}\` yourself.`,
  )
}
const token = vars['INPUT_VERCEL-TOKEN']
if (!token) fail(`${file} sets no INPUT_VERCEL-TOKEN; the emulator accepts the token the file names (see .env.example).`)

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(2)
}

const emulator = await startEmulator({ token, port: Number(api.port), buildMs: 1_000, queueMs: 200 }).catch((err: Error) =>
  fail(`Could not start the emulator on ${api.host}: ${err.message}. Pick another port in INPUT_API-URL.`),
)
seedDemo(emulator.state)
const dir = mkdtempSync(join(tmpdir(), 'local-action-'))
const summaryFile = vars.GITHUB_STEP_SUMMARY ? resolve(ROOT, vars.GITHUB_STEP_SUMMARY) : join(dir, 'summary.md')

let failed: boolean
try {
  const child = spawn(LOCAL_ACTION, ['.', 'src/main.ts', file], {
    cwd: ROOT,
    // The summary file the runner would have created, unless the file names one.
    env: { ...process.env, GITHUB_STEP_SUMMARY: summaryFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    process.stdout.write(chunk)
  })
  const code = await new Promise<number | null>((res) => child.on('close', res))
  const error = stripVTControlCharacters(stdout)
    .split('\n')
    .some((line) => line.startsWith('::error::'))
  failed = code !== 0 || error
  if (existsSync(summaryFile)) {
    const where = vars.GITHUB_STEP_SUMMARY ? ` (${summaryFile})` : ''
    process.stdout.write(`\n--- job summary${where} ---\n\n${readFileSync(summaryFile, 'utf8')}\n`)
  }
} finally {
  await emulator.close()
  rmSync(dir, { recursive: true, force: true })
}
process.exitCode = failed ? 1 : 0
