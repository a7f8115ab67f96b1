/**
 * `npm run bench:timeline -- [--projects 1000] [--node 24|20] [--max-parallel 10]`: when each phase of a large rotation happens, from the
 * emulator's request log, to see where the wall time goes beyond the build itself.
 */
import { parseArgs } from 'node:util'
import { seedTeam, startEmulator } from '../emulator/index.js'
import { runAction } from '../scripts/run-action.js'
import { node24 } from '../__tests__/helpers/node24.js'

const { values: args } = parseArgs({
  options: {
    projects: { type: 'string', default: '1000' },
    node: { type: 'string', default: '24' },
    'build-ms': { type: 'string', default: '3000' },
    'latency-ms': { type: 'string', default: '20' },
    'max-parallel': { type: 'string', default: '10' },
  },
})
const emulator = await startEmulator({ token: 'benchtoken', buildMs: Number(args['build-ms']), latencyMs: Number(args['latency-ms']) })
seedTeam(emulator.state, { projects: Number(args.projects), key: 'SHARED_SECRET', slug: 'bench' })
const start = Date.now()
const run = await runAction({
  node: args.node === '24' ? node24() : process.execPath,
  peakRss: true,
  inputs: {
    'vercel-token': 'benchtoken',
    team: 'bench',
    scope: 'team',
    name: 'SHARED_SECRET',
    value: 'rotated-value',
    'api-url': emulator.url,
    'max-parallel': args['max-parallel'],
  },
  timeoutMs: 30 * 60_000,
})
const end = Date.now()
const t = (ms: number) => `${((ms - start) / 1000).toFixed(2)} s`
const of = (f: (r: (typeof emulator.requests)[number]) => boolean) => emulator.requests.filter(f)
const span = (label: string, list: typeof emulator.requests) =>
  list.length > 0 && console.log(`${label.padEnd(28)} ${String(list.length).padStart(5)}  ${t(list[0]!.at)} .. ${t(list.at(-1)!.at)}`)
span('first request', emulator.requests.slice(0, 1))
span(
  'listing pages',
  of((r) => r.path === '/v10/projects'),
)
span(
  'project reads',
  of((r) => /^\/v9\/projects\/[^/]+$/.test(r.path)),
)
span(
  'write',
  of((r) => r.method === 'PATCH'),
)
span(
  'creates',
  of((r) => r.method === 'POST' && r.path === '/v13/deployments'),
)
span(
  'status reads',
  of((r) => r.path === '/v7/deployments'),
)
const ready = emulator.state
  .deployments()
  .filter((d) => d.createdAt >= start)
  .map((d) => d.ready ?? Infinity)
console.log(`${'last new build READY'.padEnd(28)} ${String(ready.length).padStart(5)}  ${t(Math.max(...ready))}`)
console.log(`${'exit'.padEnd(28)}        ${t(end)}  (code ${run.code}, ${run.peakRssMb} MB)`)
await emulator.close()
