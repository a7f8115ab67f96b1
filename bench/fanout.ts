/**
 * `npm run bench`: the team-level fan-out, measured in one run on the local emulator.
 *
 * For N linked projects and a fixed build time, once without a concurrent-build limit and once with a limit
 * of 12: the bundled action's wall time against the ideal (build time x the build rounds the limit forces),
 * requests per project, 429s met, and the runbook's one-project-after-another rotation as the baseline.
 * Then a 300-project rotation against a 120-requests-per-minute bucket on the project endpoints.
 *
 *   npm run bench -- [--sizes 1,10,100,300] [--build-ms 12000] [--latency-ms 20] [--baseline-max 100] [--no-rate-limit]
 */
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { seedTeam, startEmulator, type EmulatorOptions } from '../emulator/index.js'
import { pollingDelay } from '../src/rotation/deploy.js'
import { runAction } from '../scripts/run-action.js'

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,10,100,300' },
    'build-ms': { type: 'string', default: '12000' },
    'latency-ms': { type: 'string', default: '20' },
    'baseline-max': { type: 'string', default: '100' },
    'no-rate-limit': { type: 'boolean', default: false },
  },
})
const SIZES = args.sizes.split(',').map(Number)
const BUILD_MS = Number(args['build-ms'])
const LATENCY_MS = Number(args['latency-ms'])
const BASELINE_MAX = Number(args['baseline-max'])
const TOKEN = 'benchtoken'
const KEY = 'SHARED_SECRET'

interface Row {
  n: number
  limit: number | undefined
  ideal: number
  action: number
  ok: boolean
  requests: number
  rateLimited: number
  redeployedTwice: number
  baseline?: number
}

async function actionRun(n: number, o: EmulatorOptions) {
  const emulator = await startEmulator({ token: TOKEN, buildMs: BUILD_MS, latencyMs: LATENCY_MS, log: true, ...o })
  seedTeam(emulator.state, { projects: n, key: KEY, slug: 'bench' })
  const start = performance.now()
  const run = await runAction({
    inputs: { 'vercel-token': TOKEN, team: 'bench', scope: 'team', name: KEY, value: 'rotated-value', 'api-url': emulator.url, 'max-parallel': '10' },
    timeoutMs: 30 * 60_000,
  })
  const wall = (performance.now() - start) / 1000
  const sources = emulator.requests
    .filter((r) => r.method === 'POST' && r.path === '/v13/deployments' && r.status === 200)
    .map((r) => (r.body as { deploymentId: string }).deploymentId)
  const projects = JSON.parse(run.outputs.projects ?? '[]') as { status: string }[]
  const result = {
    wall,
    ok: run.code === 0 && run.outputs['safe-to-revoke'] === 'true' && projects.length === n && projects.every((p) => p.status === 'redeployed'),
    requests: emulator.stats.total,
    rateLimited: emulator.stats.rateLimited,
    redeployedTwice: sources.length - new Set(sources).size,
    stdout: run.stdout,
  }
  await emulator.close()
  return result
}

/** The one-by-one baseline takes about N x the build time, so it runs in its own process beside the action runs. */
function baselines(sizes: number[]): Promise<Record<number, number>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/baseline.ts', sizes.join(','), String(BUILD_MS), String(LATENCY_MS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  return new Promise((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<number, number>) : reject(new Error(`baseline exited ${code}`)))),
  )
}

const s = (x: number) => x.toFixed(1)
const rows: Row[] = []
console.log(`build time ${BUILD_MS} ms, API latency ${LATENCY_MS} ms, max-parallel 10, node ${process.version}\n`)
const baselineRuns = baselines(SIZES.filter((n) => n <= BASELINE_MAX))
for (const n of SIZES) {
  for (const limit of [undefined, 12]) {
    const r = await actionRun(n, limit ? { concurrentBuilds: limit } : {})
    const rounds = limit ? Math.ceil(n / limit) : 1
    const row: Row = {
      n,
      limit,
      ideal: (BUILD_MS * rounds) / 1000,
      action: r.wall,
      ok: r.ok,
      requests: r.requests / n,
      rateLimited: r.rateLimited,
      redeployedTwice: r.redeployedTwice,
    }
    rows.push(row)
    if (!r.ok) console.error(`N=${n} limit=${limit ?? 'none'}: the action did not verify every project:\n${r.stdout}`)
    console.error(`measured N=${n} limit=${limit ?? 'none'}: ${s(r.wall)} s`)
  }
}

const measured = await baselineRuns
for (const r of rows) r.baseline = measured[r.n]

console.log(
  '| linked projects | concurrent builds | ideal (s) | action (s) | action / ideal | bound (s) | requests / project | 429s | one-by-one baseline (s) | speed-up | all verified |',
)
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|')
for (const r of rows) {
  const bound = 1.2 * r.ideal + pollingDelay(r.ideal * 1000) / 1000
  console.log(
    `| ${r.n} | ${r.limit ?? 'no limit'} | ${s(r.ideal)} | ${s(r.action)} | ${(r.action / r.ideal).toFixed(2)} | ${s(bound)}${r.action <= bound ? '' : ' ✗'} | ${r.requests.toFixed(2)} | ${r.rateLimited} | ${r.baseline ? s(r.baseline) : 'not run'} | ${r.baseline ? `${(r.baseline / r.action).toFixed(0)}x` : '—'} | ${r.ok && r.redeployedTwice === 0 ? 'yes' : 'NO'} |`,
  )
}

if (!args['no-rate-limit']) {
  const n = 300
  const r = await actionRun(n, { rateLimit: { limit: 120, windowMs: 60_000, bucket: 'projects' } })
  console.log(
    `\nRate limit: ${n} linked projects, 120 requests per minute on the project endpoints: ${s(r.wall)} s, ${r.rateLimited} answers 429 honoured, every project verified: ${r.ok ? 'yes' : 'NO'}, redeployed twice: ${r.redeployedTwice}.`,
  )
  if (!r.ok) process.exitCode = 1
}
if (rows.some((r) => !r.ok || r.redeployedTwice > 0)) process.exitCode = 1
