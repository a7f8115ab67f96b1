/**
 * Runs the emulator as a process: `npx tsx emulator/cli.ts [--port 0] [--seed demo] [--build-ms 2000] [--token T]`.
 * Prints one JSON line with the URL, so a parent process can read where to point the action (or the Vercel CLI's
 * `--api`). The token defaults to `testtoken`.
 */
import { parseArgs } from 'node:util'
import { startEmulator } from './index.js'
import { seedDemo } from './seed.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string' },
    'build-ms': { type: 'string' },
    'queue-ms': { type: 'string' },
    'concurrent-builds': { type: 'string' },
    token: { type: 'string' },
  },
  strict: true,
})

function num(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative number, got "${raw}"\n`)
    process.exit(2)
  }
  return n
}

if (values.seed !== undefined && values.seed !== 'demo') {
  process.stderr.write(`--seed: unknown seed "${values.seed}" (known: demo)\n`)
  process.exit(2)
}

const options = {
  port: num('port', values.port) ?? 0,
  buildMs: num('build-ms', values['build-ms']),
  queueMs: num('queue-ms', values['queue-ms']),
  concurrentBuilds: num('concurrent-builds', values['concurrent-builds']),
  token: values.token,
}
const emulator = await startEmulator(options)
if (values.seed === 'demo') seedDemo(emulator.state)
process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`)

const stop = (): void => {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
