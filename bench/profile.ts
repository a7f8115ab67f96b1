/**
 * `npm run bench:profile`: where the bundled action spends CPU at scale. Runs dist/index.js with `--cpu-prof`
 * against the emulator and attributes self time to the original sources through dist's source map.
 *
 *   npm run bench:profile -- [--projects 300] [--build-ms 3000] [--latency-ms 20] [--node 24|20] [--top 25] [--dist path/to/index.js]
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { seedTeam, startEmulator } from '../emulator/index.js'
import { DIST, runAction } from '../scripts/run-action.js'
import { node24 } from '../__tests__/helpers/node24.js'

const { values: args } = parseArgs({
  options: {
    projects: { type: 'string', default: '300' },
    'build-ms': { type: 'string', default: '3000' },
    'latency-ms': { type: 'string', default: '20' },
    node: { type: 'string', default: '24' },
    top: { type: 'string', default: '25' },
    /** Another build of the action (e.g. an older commit's dist/) to compare against. */
    dist: { type: 'string', default: DIST },
  },
})

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

const n = Number(args.projects)
const emulator = await startEmulator({ token: 'benchtoken', buildMs: Number(args['build-ms']), latencyMs: Number(args['latency-ms']), log: false })
seedTeam(emulator.state, { projects: n, key: 'SHARED_SECRET', slug: 'bench' })
const dir = mkdtempSync(join(tmpdir(), 'rotate-prof-'))
const start = performance.now()
const run = await runAction({
  node: args.node === '24' ? node24() : process.execPath,
  entry: args.dist,
  nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir],
  peakRss: true,
  inputs: { 'vercel-token': 'benchtoken', team: 'bench', scope: 'team', name: 'SHARED_SECRET', value: 'rotated-value', 'api-url': emulator.url },
  timeoutMs: 30 * 60_000,
})
const wall = (performance.now() - start) / 1000
await emulator.close()
if (run.code !== 0) console.error(run.stdout.slice(-3000))

const profile = JSON.parse(
  readFileSync(
    join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!,
    ),
    'utf8',
  ),
) as Profile
const maps = new Map<string, SourceMap | undefined>()
/** dist/index.js and each chunk ncc splits off (dynamic imports) carry their own source map. */
function mapOf(url: string): SourceMap | undefined {
  if (!maps.has(url)) {
    const file = join(dirname(args.dist), url.split('/').pop()!)
    maps.set(url, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload) : undefined)
  }
  return maps.get(url)
}
const self = new Map<number, number>()
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))

/** Which part of the bundle a frame comes from: a package, our own source, or the runtime. */
function origin(frame: Node['callFrame']): { bucket: string; where: string } {
  if (frame.url.endsWith('/dist/index.js') || /\/dist\/\d+\.index\.js$/.test(frame.url)) {
    const entry = mapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber)
    const src = entry && 'originalSource' in entry ? entry.originalSource : frame.url.split('/').pop()!
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(src)
    const bucket = pkg
      ? pkg[1] === '@vercel/sdk'
        ? `@vercel/sdk/${pkg[2]!.split('/').slice(1, 2).join('')}`
        : pkg[1]!
      : src.replace(/^.*?\/(src|emulator)\//, '$1/')
    return {
      bucket,
      where: `${frame.functionName || '(anonymous)'} ${src.replace(/^.*node_modules\//, '')}:${(entry && 'originalLine' in entry ? entry.originalLine : frame.lineNumber) + 1}`,
    }
  }
  const label = frame.url === '' ? `(${frame.functionName || 'native'})` : frame.url.startsWith('node:') ? frame.url : 'other'
  const bucket = label.startsWith('(garbage')
    ? '(garbage collector)'
    : label.startsWith('node:')
      ? label
          .replace(/^node:internal\/(deps\/)?/, 'node:')
          .split('/')
          .slice(0, 2)
          .join('/')
      : label
  return { bucket, where: `${frame.functionName} ${frame.url}` }
}

const total = [...self.values()].reduce((a, b) => a + b, 0)
const byBucket = new Map<string, number>()
const byFunction = new Map<string, number>()
for (const node of profile.nodes) {
  const t = self.get(node.id) ?? 0
  if (t === 0) continue
  const o = origin(node.callFrame)
  byBucket.set(o.bucket, (byBucket.get(o.bucket) ?? 0) + t)
  byFunction.set(o.where, (byFunction.get(o.where) ?? 0) + t)
}
// Inclusive time per SDK function: the parse of an answer runs inside the resumed `$do` of the function that sent it.
const parent = new Map<number, number>()
for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id)
const byId = new Map(profile.nodes.map((x) => [x.id, x]))
const funcOf = new Map<number, string | undefined>()
function sdkFunction(id: number): string | undefined {
  if (funcOf.has(id)) return funcOf.get(id)
  const node = byId.get(id)!
  const where = origin(node.callFrame).where
  const m = /@vercel\/sdk\/esm\/funcs\/(\w+)\.js/.exec(where)
  const found = m ? m[1] : parent.has(id) ? sdkFunction(parent.get(id)!) : undefined
  funcOf.set(id, found)
  return found
}
const bySdkFunction = new Map<string, number>()
for (const [id, t] of self) {
  const f = sdkFunction(id)
  if (f) bySdkFunction.set(f, (bySdkFunction.get(f) ?? 0) + t)
}
const idle = [...profile.nodes].filter((x) => x.callFrame.functionName === '(idle)').reduce((a, x) => a + (self.get(x.id) ?? 0), 0)
const ms = (us: number) => (us / 1000).toFixed(0)
const pct = (us: number) => ((100 * us) / total).toFixed(1)
console.log(
  `${n} projects, node ${args.node}: wall ${wall.toFixed(1)} s, peak RSS ${Math.round(run.peakRssMb ?? NaN)} MB, CPU busy ${ms(total - idle)} ms of ${ms(total)} ms profiled (${((total - idle) / 1000 / n).toFixed(2)} ms per project), exit ${run.code}\n`,
)
console.log('| where (self time) | ms | % of profile |\n|---|---:|---:|')
for (const [k, v] of [...byBucket].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) console.log(`| ${k} | ${ms(v)} | ${pct(v)} |`)
console.log('\n| SDK function (inclusive: request, response, validation) | ms | % |\n|---|---:|---:|')
for (const [k, v] of [...bySdkFunction].sort((a, b) => b[1] - a[1])) console.log(`| ${k} | ${ms(v)} | ${pct(v)} |`)
console.log('\n| function | ms | % |\n|---|---:|---:|')
for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) console.log(`| ${k} | ${ms(v)} | ${pct(v)} |`)
