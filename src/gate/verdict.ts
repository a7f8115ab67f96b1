/**
 * mode: gate, the verdict over every leg of a matrix. Pure: it takes the files' texts, the legs expected and this
 * workflow run's ID, and fails closed: anything it cannot tie to this run and to an expected leg makes it false.
 */
import { RESULT_FORMAT, RESULT_VERSION, type ResultFile } from '../report/result-file.js'
import type { ReadFile } from './files.js'

/** The modes whose result says whether the old value may go. */
const JUDGING = new Set(['rotate', 'redeploy', 'verify'])
const HOLDING = new Set(['failed', 'unhealthy', 'stale'])

/** One leg as gate judged it: the file kept for it, and every reason it holds the verdict back. */
export interface Leg {
  team: string
  file?: ResultFile
  path?: string
  problems: string[]
}

export interface GateResult {
  safeToRevoke: boolean
  revokeAfter?: string
  /** Each leg's team to its rotated-at. */
  rotatedAt: Record<string, string>
  /** `team/project` for every project of a kept leg that failed, is unhealthy or is stale. */
  failedProjects: string[]
  /** Expected legs first, in the order of `expect`, then the others. */
  legs: Leg[]
  /** Files that are not result files of this action, or not readable: they name no leg. */
  unreadable: { path: string; reason: string }[]
}

function parse(f: ReadFile): ResultFile | string {
  if (f.text === undefined) return `cannot be read (${f.error ?? 'unknown error'})`
  let json: unknown
  try {
    json = JSON.parse(f.text)
  } catch {
    return 'is not JSON'
  }
  const o = json as Partial<ResultFile> | null
  if (!o || typeof o !== 'object' || o.format !== RESULT_FORMAT) return 'is not a result file of this action'
  if (o.version !== RESULT_VERSION) return `is a result file of format version ${String(o.version)}; this action reads version ${RESULT_VERSION}`
  const shaped =
    (o.team === null || typeof o.team === 'string') &&
    Array.isArray(o.keys) &&
    typeof o.safeToRevoke === 'boolean' &&
    Array.isArray(o.projects) &&
    !!o.run &&
    typeof o.run.runAttempt === 'number'
  return shaped ? (o as ResultFile) : 'is missing fields of its format'
}

const keysOf = (f: ResultFile) => [...f.keys].sort().join(', ') || (f.store ? `store ${f.store}` : '(none)')

export function gateVerdict(files: ReadFile[], expect: string[], runId: string | undefined): GateResult {
  const unreadable: GateResult['unreadable'] = []
  const byTeam = new Map<string, { file: ResultFile; path: string }[]>()
  for (const f of files) {
    const parsed = parse(f)
    if (typeof parsed === 'string') unreadable.push({ path: f.path, reason: parsed })
    else byTeam.set(parsed.team ?? '', [...(byTeam.get(parsed.team ?? '') ?? []), { file: parsed, path: f.path }])
  }

  const teams = [...expect, ...[...byTeam.keys()].filter((t) => !expect.includes(t)).sort()]
  const legs: Leg[] = teams.map((team) => {
    const problems: string[] = []
    const name = team || '(no team)'
    if (!expect.includes(team)) problems.push(`${name} is not in expect: a leg gate was not told about`)
    const all = byTeam.get(team) ?? []
    if (all.length === 0) {
      problems.push('no result file: the leg was skipped or cancelled, or crashed before writing one')
      return { team, problems }
    }
    if (!runId) problems.push('cannot be tied to this workflow run: GITHUB_RUN_ID is not set')
    const foreign = all.filter((e) => e.file.run.runId !== runId)
    for (const e of foreign)
      problems.push(`${e.path} comes from another workflow run (run ${e.file.run.runId ?? 'unknown'}, not ${runId ?? 'unknown'})`)
    const ours = all.filter((e) => e.file.run.runId === runId)
    if (ours.length === 0) return { team, problems, file: all[0]!.file, path: all[0]!.path }
    // A re-run attempt replaces the earlier one: the latest attempt of each leg wins.
    const latest = Math.max(...ours.map((e) => e.file.run.runAttempt))
    const kept = ours.filter((e) => e.file.run.runAttempt === latest)
    if (kept.length > 1) problems.push(`duplicated: ${kept.length} result files of attempt ${latest} (${kept.map((e) => e.path).join(', ')})`)
    const { file, path } = kept[0]!
    if (!JUDGING.has(file.mode ?? ''))
      problems.push(`ran mode ${file.mode ?? 'unknown'}, which does not judge a rotation; use rotate, redeploy or verify`)
    else if (!file.safeToRevoke) {
      const holding = file.projects.filter((p) => HOLDING.has(p.status)).map((p) => `${p.name} (${p.status})`)
      problems.push(`not safe to revoke${holding.length ? `: ${holding.join(', ')}` : file.error ? `: ${file.error.split('\n')[0]}` : ''}`)
    }
    return { team, file, path, problems }
  })

  // All legs rotate one credential: a leg on other keys would let the old one be revoked where it still serves.
  const kept = legs.filter((l) => l.file && JUDGING.has(l.file.mode ?? ''))
  const keySets = new Set(kept.map((l) => keysOf(l.file!)))
  if (keySets.size > 1) {
    for (const l of kept)
      l.problems.push(`a mix of keys: this leg has ${keysOf(l.file!)}, ${[...keySets].filter((k) => k !== keysOf(l.file!)).join('; ')} elsewhere`)
  }

  const safe = unreadable.length === 0 && legs.length > 0 && legs.every((l) => l.problems.length === 0)
  const revokeAfter = safe
    ? legs
        .map((l) => l.file!.revokeAfter ?? '')
        .sort((a, b) => (Date.parse(a) || 0) - (Date.parse(b) || 0))
        .at(-1) || undefined
    : undefined
  return {
    safeToRevoke: safe,
    ...(revokeAfter ? { revokeAfter } : {}),
    rotatedAt: Object.fromEntries(legs.filter((l) => l.file?.rotatedAt).map((l) => [l.team, l.file!.rotatedAt!])),
    failedProjects: legs.flatMap((l) => (l.file?.projects ?? []).filter((p) => HOLDING.has(p.status)).map((p) => `${l.team}/${p.name}`)),
    legs,
    unreadable,
  }
}

/** Why the gate holds, naming each leg and file and the reason; undefined when it is safe. */
export function gateFailure(g: GateResult): string | undefined {
  if (g.safeToRevoke) return undefined
  const lines = [
    ...g.legs.flatMap((l) => l.problems.map((p) => `${l.team || '(no team)'}: ${p}`)),
    ...g.unreadable.map((u) => `${u.path}: ${u.reason}`),
  ]
  return `The legs are not safe to revoke:\n${lines.map((l) => `- ${l}`).join('\n')}`
}
