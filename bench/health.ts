/**
 * `npm run bench:health`: what proving a rotation costs. One team-level rotation of N linked projects, run by the
 * bundle under Node 24 (what GitHub runs), without and with a health check, and optionally by another bundle
 * (`--before path/to/dist/index.js`) for a before/after comparison in the same run. Runs alternate, so machine
 * noise falls on every variant alike.
 *
 *   npm run bench:health -- [--projects 100] [--build-ms 12000] [--latency-ms 20] [--repeat 2] [--before <entry>]
 */
import { parseArgs } from 'node:util'
import { seedTeam, startEmulator } from '../emulator/index.js'
import { node24 } from '../__tests__/helpers/node24.js'
import { runAction } from '../scripts/run-action.js'

const { values: args } = parseArgs({
  options: {
    projects: { type: 'string', default: '100' },
    'build-ms': { type: 'string', default: '12000' },
    'latency-ms': { type: 'string', default: '20' },
    repeat: { type: 'string', default: '2' },
    before: { type: 'string' },
  },
})
const N = Number(args.projects)
const BUILD_MS = Number(args['build-ms'])
const TOKEN = 'benchtoken'
const node = node24()

interface Variant {
  label: string
  entry?: string
  health: boolean
}
const variants: Variant[] = [
  ...(args.before ? [{ label: 'before (given bundle), no health check', entry: args.before, health: false }] : []),
  { label: 'this bundle, no health check', health: false },
  { label: 'this bundle, health-check: /api/health', health: true },
]

async function once(v: Variant): Promise<{ wall: number; requests: number; visits: number; ok: boolean }> {
  const emulator = await startEmulator({ token: TOKEN, buildMs: BUILD_MS, latencyMs: Number(args['latency-ms']) })
  seedTeam(emulator.state, { projects: N, key: 'SHARED_SECRET', slug: 'bench' })
  const start = performance.now()
  const run = await runAction({
    node,
    ...(v.entry ? { entry: v.entry } : {}),
    inputs: {
      'vercel-token': TOKEN,
      team: 'bench',
      scope: 'team',
      name: 'SHARED_SECRET',
      value: 'rotated-value',
      'api-url': emulator.url,
      ...(v.health ? { 'health-check': emulator.healthCheck('/api/health') } : {}),
    },
    timeoutMs: 30 * 60_000,
  })
  const wall = (performance.now() - start) / 1000
  const result = {
    wall,
    requests: emulator.stats.total / N,
    visits: emulator.visits.length,
    ok: run.code === 0 && run.outputs['safe-to-revoke'] === 'true',
  }
  await emulator.close()
  return result
}

const runs = new Map<string, Awaited<ReturnType<typeof once>>[]>()
for (let i = 0; i < Number(args.repeat); i++) {
  for (const v of variants) {
    const r = await once(v)
    runs.set(v.label, [...(runs.get(v.label) ?? []), r])
    console.error(`${v.label}: ${r.wall.toFixed(1)} s${r.ok ? '' : ' (NOT verified)'}`)
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
console.log(
  `\n${N} linked projects, build ${BUILD_MS} ms, API latency ${args['latency-ms']} ms, Node ${node.includes('node24') ? '24' : process.version}\n`,
)
console.log('| variant | wall (s, median) | runs (s) | requests / project | health-check visits | all verified |')
console.log('|---|---:|---|---:|---:|:---:|')
for (const v of variants) {
  const rs = runs.get(v.label)!
  console.log(
    `| ${v.label} | ${median(rs.map((r) => r.wall)).toFixed(1)} | ${rs.map((r) => r.wall.toFixed(1)).join(', ')} | ${median(rs.map((r) => r.requests)).toFixed(2)} | ${median(rs.map((r) => r.visits))} | ${rs.every((r) => r.ok) ? 'yes' : 'NO'} |`,
  )
}
