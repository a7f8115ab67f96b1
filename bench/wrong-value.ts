/**
 * The wrong-value case of `npm run bench`: 100 linked projects of a team-level variable, and an app that rejects
 * the new value. It measures what a wrong value costs visitors (seconds production served it, per project, from
 * the emulator's production history), how soon the step fails after the first READY, how many builds a canary
 * spends, and the requests a healthy rotation with promote: when-healthy makes per project.
 *
 * health-timeout-minutes is short here (--health-timeout-minutes, 0.25 by default): the targets scale with it.
 */
import { seedTeam, startEmulator, type Emulator } from '../emulator/index.js'
import { runAction } from '../scripts/run-action.js'

const TOKEN = 'benchtoken'
const KEY = 'SHARED_SECRET'
const VALUE = 'rotated-value'

export interface WrongValueRow {
  label: string
  /** Max and mean seconds production served the wrong value, per project. */
  servedMaxS: number
  servedMeanS: number
  builds: number
  /** Seconds from the first rebuild READY to the step's exit. */
  readyToExitS: number
  requestsPerProject: number
  code: number | null
}

export interface WrongValueOptions {
  node: string
  n: number
  buildMs: number
  latencyMs: number
  healthTimeoutMinutes: number
}

async function once(o: WrongValueOptions, label: string, inputs: Record<string, string>, reject: boolean): Promise<WrongValueRow> {
  const emulator: Emulator = await startEmulator({ token: TOKEN, buildMs: o.buildMs, latencyMs: o.latencyMs })
  const seed = seedTeam(emulator.state, { projects: o.n, key: KEY, slug: 'bench' })
  if (reject) emulator.state.rejectValue(VALUE)
  const run = await runAction({
    node: o.node,
    inputs: {
      'vercel-token': TOKEN,
      team: 'bench',
      scope: 'team',
      name: KEY,
      value: VALUE,
      'api-url': emulator.url,
      'health-check': emulator.healthCheck(),
      'health-timeout-minutes': String(o.healthTimeoutMinutes),
      ...inputs,
    },
    timeoutMs: 30 * 60_000,
  })
  const exitedAt = Date.now()
  const served = seed.projects.map((p) => emulator.state.wrongValueServedMs(p.id) / 1000)
  const rebuilt = emulator.state.deployments().filter((d) => d.sourceDeploymentId !== undefined)
  const firstReady = Math.min(...rebuilt.map((d) => d.ready ?? Infinity))
  const row = {
    label,
    servedMaxS: Math.max(...served),
    servedMeanS: served.reduce((a, b) => a + b, 0) / served.length,
    builds: rebuilt.length,
    readyToExitS: Number.isFinite(firstReady) ? (exitedAt - firstReady) / 1000 : NaN,
    requestsPerProject: emulator.stats.total / o.n,
    code: run.code,
  }
  await emulator.close()
  return row
}

export async function wrongValueRows(o: WrongValueOptions): Promise<WrongValueRow[]> {
  return [
    await once(o, 'wrong value, promote: when-healthy', {}, true),
    await once(o, 'wrong value, promote: auto, on-unhealthy: rollback', { promote: 'auto', 'on-unhealthy': 'rollback' }, true),
    await once(o, 'wrong value, promote: when-healthy, canary: 1', { canary: '1' }, true),
    await once(o, 'healthy, promote: when-healthy', {}, false),
  ]
}

export function printWrongValue(rows: WrongValueRow[], o: WrongValueOptions): void {
  const window = o.healthTimeoutMinutes * 60 + 30
  const f = (x: number) => x.toFixed(1)
  console.log(`\nwrong value: ${o.n} linked projects, health-timeout-minutes ${o.healthTimeoutMinutes}, build ${o.buildMs} ms, Node 24\n`)
  console.log('| run | exit | wrong value served per project, max / mean (s) | builds created | first READY to exit (s) | requests / project |')
  console.log('|---|---:|---:|---:|---:|---:|')
  for (const r of rows)
    console.log(
      `| ${r.label} | ${r.code} | ${f(r.servedMaxS)} / ${f(r.servedMeanS)} | ${r.builds} | ${f(r.readyToExitS)} | ${r.requestsPerProject.toFixed(2)} |`,
    )
  const [healthy, auto, canary, ok] = rows
  const verdicts: [string, string, boolean][] = [
    ['when-healthy: wrong value served 0 s', `${f(healthy!.servedMaxS)} s`, healthy!.servedMaxS === 0],
    [`auto + rollback: served ≤ health-timeout + 30 s (${window} s)`, `${f(auto!.servedMaxS)} s`, auto!.servedMaxS <= window],
    ['canary: 1 creates 1 build', String(canary!.builds), canary!.builds === 1],
    [`first READY to failure ≤ health-timeout + 30 s (${window} s)`, `${f(healthy!.readyToExitS)} s`, healthy!.readyToExitS <= window],
    ['healthy, when-healthy: ≤ 2.5 requests per project', ok!.requestsPerProject.toFixed(2), ok!.requestsPerProject <= 2.5],
  ]
  console.log('\n| target (Node 24) | measured | verdict |\n|---|---|:---:|')
  for (const [t, m, pass] of verdicts) console.log(`| ${t} | ${m} | ${pass ? 'PASS' : 'MISS'} |`)
}
