/**
 * `npm run bench`: the team-level fan-out, measured on the runtime users get.
 *
 * The bundled action (dist/index.js) runs as a child process under Node 24 (what GitHub runs `node24` actions
 * with) and under the machine's Node, against the local emulator. Each case reports wall time (process start to
 * exit) against the ideal (build time x the build rounds a concurrent-build limit forces), requests per project,
 * 429s met, and the peak RSS of the action process.
 *
 * Cases (choose with --cases):
 *   fanout      N linked projects (--sizes), without a concurrent-build limit and with a limit of 12, beside the
 *               runbook's one-project-after-another rotation (sizes up to --baseline-max)
 *   rate-limit  300 projects against a 120-requests-per-minute bucket on the project endpoints (Vercel's `api-projects`)
 *   n1000       1000 projects, no build limit
 *   wrong-value 100 projects whose app rejects the new value (bench/wrong-value.ts), on Node 24
 *   audit       mode audit over 1000 projects × 30 records (bench/audit.ts)
 *   audit-rate-limit  mode audit over 300 projects × 30 records behind 120 requests/min on the project endpoints
 *
 *   npm run bench -- [--cases fanout,rate-limit,n1000,wrong-value] [--node 24,20] [--sizes 1,10,100,300]
 *                    [--build-ms 3000] [--latency-ms 20] [--baseline-max 100] [--max-parallel 10]
 *                    [--health-timeout-minutes 0.25]
 *   npm run bench -- --cases n1000 --node 24          (a quick run)
 */
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { seedTeam, startEmulator, type EmulatorOptions } from '../emulator/index.js'
import { runAction } from '../scripts/run-action.js'
import { node24 } from '../__tests__/helpers/node24.js'
import { targets, type Measured } from './targets.js'
import { printWrongValue, wrongValueRows } from './wrong-value.js'
import { AUDIT_CASES, auditRow, printAudit, type AuditRow } from './audit.js'

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: 'fanout,rate-limit,n1000,wrong-value' },
    'health-timeout-minutes': { type: 'string', default: '0.25' },
    node: { type: 'string', default: '24,20' },
    sizes: { type: 'string', default: '1,10,100,300' },
    'build-ms': { type: 'string', default: '3000' },
    'latency-ms': { type: 'string', default: '20' },
    'baseline-max': { type: 'string', default: '100' },
    'max-parallel': { type: 'string', default: '10' },
    'no-rate-limit': { type: 'boolean', default: false },
  },
})
const CASES = new Set(args.cases.split(',').filter((c) => !(args['no-rate-limit'] && c === 'rate-limit')))
const SIZES = args.sizes.split(',').map(Number)
const BUILD_MS = Number(args['build-ms'])
const LATENCY_MS = Number(args['latency-ms'])
const BASELINE_MAX = CASES.has('fanout') ? Number(args['baseline-max']) : 0
const MAX_PARALLEL = args['max-parallel']
const TOKEN = 'benchtoken'
const KEY = 'SHARED_SECRET'

interface Runtime {
  label: string
  bin: string
}

const RUNTIMES: Runtime[] = args.node.split(',').map((v) => {
  if (v === '24') return { label: 'Node 24', bin: node24() }
  if (v === '20' || v === 'self') return { label: `Node ${process.versions.node.split('.')[0]}`, bin: process.execPath }
  throw new Error(`--node: ${v} is not 24 or 20 (the machine's node)`)
})

async function actionRun(rt: Runtime, n: number, o: EmulatorOptions) {
  const emulator = await startEmulator({ token: TOKEN, buildMs: BUILD_MS, latencyMs: LATENCY_MS, log: true, ...o })
  seedTeam(emulator.state, { projects: n, key: KEY, slug: 'bench' })
  const start = performance.now()
  const run = await runAction({
    node: rt.bin,
    peakRss: true,
    inputs: {
      'vercel-token': TOKEN,
      team: 'bench',
      scope: 'team',
      name: KEY,
      value: 'rotated-value',
      'api-url': emulator.url,
      'max-parallel': MAX_PARALLEL,
    },
    timeoutMs: 30 * 60_000,
  })
  const wall = (performance.now() - start) / 1000
  const sources = emulator.requests
    .filter((r) => r.method === 'POST' && r.path === '/v13/deployments' && r.status === 200)
    .map((r) => (r.body as { deploymentId: string }).deploymentId)
  const projects = JSON.parse(run.outputs.projects ?? '[]') as { status: string }[]
  const ok = run.code === 0 && run.outputs['safe-to-revoke'] === 'true' && projects.length === n && projects.every((p) => p.status === 'redeployed')
  const redeployedTwice = sources.length - new Set(sources).size
  const result = {
    wall,
    ok: ok && redeployedTwice === 0,
    requests: emulator.stats.total / n,
    rateLimited: emulator.stats.rateLimited,
    rssMb: run.peakRssMb ?? NaN,
  }
  await emulator.close()
  if (!result.ok) console.error(`${rt.label} N=${n}: the action did not verify every project once:\n${run.stdout.slice(-4000)}\n${run.stderr}`)
  return result
}

/** The one-by-one baseline takes about N x the build time, so it runs in its own process beside the action runs. */
function baselines(sizes: number[]): Promise<Record<number, number>> {
  if (sizes.length === 0) return Promise.resolve({})
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
const rows: Measured[] = []
console.log(
  `build time ${BUILD_MS} ms, API latency ${LATENCY_MS} ms, max-parallel ${MAX_PARALLEL}, ${RUNTIMES.map((r) => r.label).join(' and ')}, ${new Date().toISOString().slice(0, 10)}\n`,
)
const baselineRuns = baselines(SIZES.filter((n) => n <= BASELINE_MAX))

const plan: { name: Measured['case']; n: number; limit?: number; o: EmulatorOptions }[] = []
if (CASES.has('fanout'))
  for (const n of SIZES) for (const limit of [undefined, 12]) plan.push({ name: 'fanout', n, limit, o: limit ? { concurrentBuilds: limit } : {} })
if (CASES.has('rate-limit')) plan.push({ name: 'rate-limit', n: 300, o: { rateLimit: { limit: 120, windowMs: 60_000, bucket: 'projects' } } })
if (CASES.has('n1000')) plan.push({ name: 'n1000', n: 1000, o: {} })

for (const c of plan) {
  for (const rt of RUNTIMES) {
    const r = await actionRun(rt, c.n, c.o)
    const rounds = c.limit ? Math.ceil(c.n / c.limit) : 1
    rows.push({ case: c.name, runtime: rt.label, n: c.n, limit: c.limit, ideal: (BUILD_MS * rounds) / 1000, buildS: BUILD_MS / 1000, ...r })
    console.error(`measured ${c.name} N=${c.n} limit=${c.limit ?? 'none'} ${rt.label}: ${s(r.wall)} s, ${Math.round(r.rssMb)} MB`)
  }
}
const measured = await baselineRuns

console.log(
  '| case | runtime | linked projects | concurrent builds | ideal (s) | action (s) | action / ideal | requests / project | 429s | peak RSS (MB) | one-by-one baseline (s) | all verified once |',
)
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|')
for (const r of rows) {
  const base = r.case === 'fanout' ? measured[r.n] : undefined
  console.log(
    `| ${r.case} | ${r.runtime} | ${r.n} | ${r.limit ?? 'no limit'} | ${s(r.ideal)} | ${s(r.wall)} | ${(r.wall / r.ideal).toFixed(2)} | ${r.requests.toFixed(2)} | ${r.rateLimited} | ${Math.round(r.rssMb)} | ${base ? s(base) : 'not run'} | ${r.ok ? 'yes' : 'NO'} |`,
  )
}

const audits: AuditRow[] = []
for (const [name, c] of Object.entries(AUDIT_CASES)) {
  if (!CASES.has(name)) continue
  for (const rt of RUNTIMES) {
    const r = await auditRow(c, rt, LATENCY_MS)
    audits.push(r)
    console.error(`measured ${name} ${rt.label}: ${s(r.wall)} s, ${r.requestsPerProject.toFixed(2)} requests per project`)
  }
}
printAudit(audits)

const verdicts = targets(rows, audits)
if (verdicts.length > 0) {
  console.log('\n| target (Node 24) | measured | verdict |\n|---|---|:---:|')
  for (const v of verdicts) console.log(`| ${v.target} | ${v.measured} | ${v.pass ? 'PASS' : 'MISS'} |`)
}
if (CASES.has('wrong-value')) {
  const o = { node: node24(), n: 100, buildMs: BUILD_MS, latencyMs: LATENCY_MS, healthTimeoutMinutes: Number(args['health-timeout-minutes']) }
  printWrongValue(await wrongValueRows(o), o)
}
if (rows.some((r) => !r.ok) || audits.some((r) => !r.ok)) process.exitCode = 1
