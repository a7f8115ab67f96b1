/**
 * `npm run conformance`: checks docs/vercel-api.md against a Vercel API in a scratch project it creates and
 * always deletes (also after a failed check or an interruption), and prints `entry -> holds / differs`.
 */
import { randomBytes } from 'node:crypto'
import { checks as allChecks, NotChecked, untilBuilt, type Check, type Scratch } from './checks.js'
import { ConformanceVercel } from './vercel.js'

export type Verdict = 'holds' | 'differs' | 'failed' | 'not checked'

export interface Result {
  entry: string
  verdict: Verdict
  answered: string
}

export interface ConformanceOptions {
  token: string
  apiUrl: string
  /** A team ID (`team_…`) or slug. */
  team: string
  /** Nothing is created without it: every check writes to a scratch project. */
  allowWrites: boolean
  log: (line: string) => void
  /** Aborted on SIGINT/SIGTERM: the run stops and cleans up. */
  signal?: AbortSignal
  /** Default `rvs-conformance-`. */
  projectPrefix?: string
  pollMs?: number
  waitMs?: number
  checks?: readonly Check[]
}

export interface Outcome {
  results: Result[]
  /** The scratch project's name, when one was asked for. */
  project?: string
  /** Whether the scratch project is gone (true when none was created). */
  cleanedUp: boolean
  /** 0 all hold and nothing is left behind; 1 otherwise; 2 refused to run; 130 interrupted. */
  exitCode: number
}

export const WRITES_REFUSED =
  'Refusing to run: every check writes to a scratch project (one project, at most 3 deployments, deleted at the end). ' +
  'Set CONFORMANCE_WRITES=1 or pass --allow-writes to let it.'

export async function runConformance(o: ConformanceOptions): Promise<Outcome> {
  const list = o.checks ?? allChecks
  if (!o.allowWrites) {
    o.log(WRITES_REFUSED)
    return { results: [], cleanedUp: true, exitCode: 2 }
  }
  const signal = o.signal ?? new AbortController().signal
  const vercel = new ConformanceVercel(o)
  const name = `${o.projectPrefix ?? 'rvs-conformance-'}${randomBytes(5).toString('hex')}`
  const results: Result[] = []
  const report = (r: Result) => {
    results.push(r)
    o.log(`${r.entry} -> ${r.verdict}: ${r.answered}`)
  }
  o.log(`Checking docs/vercel-api.md against ${o.apiUrl} (team ${o.team}) in scratch project ${name}`)
  let cleanedUp: boolean
  try {
    const created = await vercel.createProject(name, signal)
    const project = { id: String(created['id']), name }
    const first = await vercel.deployFiles(project, 'production', signal)
    const s: Scratch = {
      vercel,
      project,
      first: String(first['id']),
      runId: randomBytes(6).toString('hex'),
      signal,
      pollMs: o.pollMs ?? 2_000,
      waitMs: o.waitMs ?? 300_000,
    }
    const built = await untilBuilt(s, s.first)
    if (built['readyState'] !== 'READY') throw new Error(`the scratch project's first deployment ended ${String(built['readyState'])}`)
    for (const check of list) {
      if (signal.aborted) break
      try {
        const { holds, answered } = await check.run(s)
        report({ entry: check.entry, verdict: holds ? 'holds' : 'differs', answered })
      } catch (err) {
        if (signal.aborted) break
        const verdict = err instanceof NotChecked ? 'not checked' : 'failed'
        report({ entry: check.entry, verdict, answered: err instanceof Error ? err.message : String(err) })
      }
    }
  } catch (err) {
    if (!signal.aborted) o.log(`Setup failed: ${err instanceof Error ? err.message : String(err)}`)
  } finally {
    for (const check of list.filter((c) => !results.some((r) => r.entry === c.entry))) {
      report({ entry: check.entry, verdict: 'not checked', answered: signal.aborted ? 'interrupted' : 'the scratch project was not ready' })
    }
    cleanedUp = await removeScratch(vercel, name, o.log)
  }
  const allHold = results.every((r) => r.verdict === 'holds')
  return { results, project: name, cleanedUp, exitCode: signal.aborted ? 130 : allHold && cleanedUp ? 0 : 1 }
}

/**
 * Deletes the scratch project by name, which also finds one whose create answer was lost; deleting a project deletes
 * its deployments and records. Its own time limit, since the run's signal may be the interruption itself.
 */
async function removeScratch(vercel: ConformanceVercel, name: string, log: (line: string) => void): Promise<boolean> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const gone = await vercel.deleteProject(name, AbortSignal.timeout(60_000))
      log(gone === 'deleted' ? `Deleted scratch project ${name}.` : `Scratch project ${name} was never created.`)
      return true
    } catch (err) {
      if (attempt === 3) log(`Could not delete scratch project ${name} (${err instanceof Error ? err.message : String(err)}): delete it in Vercel.`)
    }
  }
  return false
}

/** The run's settings from the environment and the command line; a message when something is missing. */
export function conformanceSettings(
  env: Record<string, string | undefined>,
  argv: readonly string[],
): { ok: true; token: string; team: string; apiUrl: string; allowWrites: boolean } | { ok: false; message: string } {
  const flag = (name: string) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const token = env['VERCEL_TOKEN']
  const team = flag('--team') ?? env['VERCEL_ORG_ID']
  if (!token) return { ok: false, message: 'VERCEL_TOKEN is not set: give a token of the team to check against.' }
  if (!team) return { ok: false, message: 'No team: set VERCEL_ORG_ID or pass --team <team ID or slug>; the scratch project is created there.' }
  const writes = env['CONFORMANCE_WRITES']
  return {
    ok: true,
    token,
    team,
    apiUrl: flag('--api-url') ?? env['VERCEL_API_URL'] ?? 'https://api.vercel.com',
    allowWrites: argv.includes('--allow-writes') || writes === '1' || writes === 'true',
  }
}
