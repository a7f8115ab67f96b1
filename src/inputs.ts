import * as z from 'zod/mini'
import { environmentSecrets, environmentValueProblems, parseGenerate, valueProblems, type Generate } from './rotation/credential.js'

/** The names of every input in action.yml, in the order they are documented. */
export const INPUT_NAMES = [
  'vercel-token',
  'team',
  'scope',
  'projects',
  'store',
  'name',
  'value',
  'generate',
  'targets',
  'redeploy',
  'wait',
  'timeout-minutes',
  'mode',
  'rotated-at',
  'max-parallel',
  'create-if-missing',
  'type',
  'allow-whitespace',
  'api-url',
  'health-check',
  'on-unhealthy',
  'protection-bypass',
  'promote',
  'health-timeout-minutes',
  'canary',
  'rolling-release',
  'probe-auth',
] as const
export type InputName = (typeof INPUT_NAMES)[number]
export type RawInputs = Partial<Record<InputName, string>>

export const STANDARD_TARGETS = ['production', 'preview', 'development'] as const
export const MODES = ['rotate', 'plan', 'verify', 'redeploy'] as const
export type Mode = (typeof MODES)[number]

export interface Config {
  token: string
  /** Team ID (`team_...`) or slug; undefined uses the token's own scope. */
  team?: string
  scope: 'project' | 'team'
  /** Project names or IDs; `['*']` is every project of the team with a project-level record of a key. */
  projects: string[]
  /** A Marketplace storage resource (ID or name) whose connected projects are affected (redeploy, plan, verify). */
  store?: string
  /** The keys as the user wrote them, for headings and messages (`A, B`); empty with `store` and no name. */
  name: string
  /** Every key of the credential, in the order given. */
  keys: string[]
  value?: string
  /** Generate each new value: N random bytes in one encoding. */
  generate?: Generate
  /** 'all', or standard targets plus custom-environment slugs or IDs. */
  targets: 'all' | string[]
  redeploy: { production: boolean; preview: boolean; custom: boolean }
  wait: boolean
  timeoutMs: number
  mode: Mode
  rotatedAt?: Date
  maxParallel: number
  createIfMissing: boolean
  type: 'sensitive' | 'encrypted'
  allowWhitespace: boolean
  apiUrl: string
  /** Paths or `{url}` templates every new deployment must answer with a 2xx. */
  healthChecks: string[]
  onUnhealthy: 'keep' | 'rollback'
  protectionBypass?: string
  /** when-healthy: production rebuilds are created staged and promoted once proven; auto: Vercel promotes them. */
  promote: 'when-healthy' | 'auto'
  /** How long a READY deployment may keep failing its health checks before it is unhealthy. */
  healthTimeoutMs: number
  /** Projects proven first, before any other is rebuilt. */
  canary: number
  rollingRelease: 'wait' | 'complete'
  probeAuth: 'auto' | 'bypass' | 'oidc' | 'none'
}

export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `Invalid input: ${problems[0]}` : `Invalid inputs:\n${problems.map((p) => `- ${p}`).join('\n')}`)
    this.name = 'InputError'
  }
}

// Vercel's own key rule: letters, digits and underscores, not starting with a digit.
const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/
const TARGET_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1'])

/** `a, b\nc` -> ['a', 'b', 'c'], without empties or repeats. */
export function splitList(raw: string): string[] {
  const items = raw
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  return [...new Set(items)]
}

const quote = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s)

/** A problem with one input, in words that name it, what is wrong, and the fix. */
class Problem {
  constructor(readonly message: string) {}
}

/**
 * A field read by a plain function: it returns the value, or a Problem. zod/mini keeps start-up small: the
 * classic API builds dozens of methods onto every schema, which costs more than the rest of a failing run.
 */
function field<T>(read: (s: string) => T | Problem) {
  return z.pipe(
    z.string(),
    z.transform((s: string, ctx) => {
      const v = read(s)
      if (!(v instanceof Problem)) return v
      ctx.issues.push({ code: 'custom', message: v.message, input: s })
      return z.NEVER
    }),
  )
}

const bool = (input: InputName) =>
  field((s) => {
    const v = s.trim().toLowerCase()
    return v === 'true' ? true : v === 'false' ? false : new Problem(`${input}: must be true or false; got ${quote(s)}.`)
  })

const integer = (input: InputName, min: number, max: number, unit: string, whole = false) =>
  field((s) => {
    const n = Number(s.trim())
    if (!/^\s*\d+(\.\d+)?\s*$/.test(s) || !Number.isFinite(n) || n < min || n > max) {
      return new Problem(`${input}: must be a number of ${unit} from ${min} to ${max}; got ${quote(s)}.`)
    }
    if (whole && !Number.isInteger(n)) return new Problem(`${input}: must be a whole number from ${min} to ${max}; got ${quote(s)}.`)
    return n
  })

function oneOf<const T extends readonly [string, ...string[]]>(input: InputName, values: T) {
  return field((s): T[number] | Problem =>
    values.includes(s.trim()) ? (s.trim() as T[number]) : new Problem(`${input}: must be one of ${values.join(', ')}; got ${quote(s)}.`),
  )
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname)
}

const apiUrl = field((s) => {
  let url: URL
  try {
    url = new URL(s.trim())
  } catch {
    return new Problem(`api-url: ${quote(s)} is not a URL. Use https://api.vercel.com or your proxy's https:// address.`)
  }
  const plainLoopback = url.protocol === 'http:' && isLoopback(url.hostname)
  if (url.protocol !== 'https:' && !plainLoopback) {
    return new Problem(`api-url: ${quote(s)} would send the token unencrypted. Use an https:// URL (plain http is accepted only on loopback).`)
  }
  if (url.username || url.password) return new Problem('api-url: must not carry a user name or password.')
  return url.toString().replace(/\/+$/, '')
})

const redeploy = field((s) => {
  const parts = splitList(s.toLowerCase())
  const known = new Set(['production', 'preview', 'custom', 'none'])
  const ok = parts.length > 0 && parts.every((p) => known.has(p)) && !(parts.includes('none') && parts.length > 1)
  if (!ok) return new Problem(`redeploy: must be none, or a list of production, preview and custom (e.g. production,custom); got ${quote(s)}.`)
  return { production: parts.includes('production'), preview: parts.includes('preview'), custom: parts.includes('custom') }
})

/** One check per line: a path (`/api/health`) or a URL template with `{url}`; https, or http on loopback. */
const healthChecks = field((s): string[] | Problem => {
  const checks = [
    ...new Set(
      s
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ]
  for (const c of checks) {
    if (c.startsWith('/')) continue
    const fix = 'Use a path such as /api/health, or a URL template such as https://{url}/api/health.'
    if (!c.includes('{url}'))
      return new Problem(`health-check: ${quote(c)} is neither a path starting with / nor a URL template containing {url}. ${fix}`)
    let url: URL
    try {
      url = new URL(c.split('{url}').join('deployment.vercel.app'))
    } catch {
      return new Problem(`health-check: ${quote(c)} is not a URL once {url} is filled in. ${fix}`)
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
      return new Problem(`health-check: ${quote(c)} must use https:// (plain http is accepted only on loopback). ${fix}`)
    }
  }
  return checks
})

const targets = field((s): 'all' | string[] | Problem => {
  const parts = splitList(s)
  if (parts.length === 1 && parts[0]!.toLowerCase() === 'all') return 'all'
  const bad = parts.filter((p) => p.toLowerCase() === 'all' || !TARGET_PATTERN.test(p))
  if (parts.length === 0 || bad.length > 0) {
    return new Problem(`targets: must be all, or a list of production, preview, development and custom-environment slugs or IDs; got ${quote(s)}.`)
  }
  return parts.map((p) => ((STANDARD_TARGETS as readonly string[]).includes(p.toLowerCase()) ? p.toLowerCase() : p))
})

const rotatedAt = field((s) => {
  const text = s.trim()
  const date = new Date(text)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(date.getTime())) {
    return new Problem(`rotated-at: must be an ISO-8601 time such as 2026-01-31T06:00:00.000Z (the rotate job's rotated-at output); got ${quote(s)}.`)
  }
  return date
})

const keys = field((s): string[] | Problem => {
  const list = splitList(s)
  const bad = list.find((k) => !KEY_PATTERN.test(k) || k.length > 256)
  if (bad !== undefined || list.length === 0) {
    return new Problem(
      `name: ${quote(bad ?? s)} is not a valid variable key. Use letters, digits and underscores, not starting with a digit (e.g. DATABASE_URL), and separate several keys with commas or new lines.`,
    )
  }
  return list
})

const generate = field((s) => {
  const g = parseGenerate(s)
  return typeof g === 'string' ? new Problem(g) : g
})

const required = (message: string) => z.string({ error: message })

const schema = z.object({
  /** Vercel access token. */
  'vercel-token': required('vercel-token: is missing. Pass `vercel-token: ${{ secrets.VERCEL_TOKEN }}` or set VERCEL_TOKEN.'),
  /** Team ID or slug. */
  team: z.optional(field((s) => s.trim())),
  /** project | team. */
  scope: z._default(oneOf('scope', ['project', 'team']), 'project'),
  /** Project names or IDs, or `*`. */
  projects: z.optional(z.string()),
  /** A Marketplace storage resource, ID or name. */
  store: z.optional(field((s) => s.trim())),
  /** The variable's key, or several keys of one credential. */
  name: z.optional(keys),
  /** The new value (never quoted back). */
  value: z.optional(z.string()),
  /** base64url:N | base64:N | hex:N. */
  generate: z.optional(generate),
  targets: z._default(targets, 'all'),
  redeploy: z._default(redeploy, { production: true, preview: false, custom: true }),
  wait: z._default(bool('wait'), true),
  'timeout-minutes': z._default(integer('timeout-minutes', 1, 360, 'minutes'), 30),
  mode: z._default(oneOf('mode', MODES), 'rotate'),
  'rotated-at': z.optional(rotatedAt),
  'max-parallel': z._default(integer('max-parallel', 1, 100, 'redeploys', true), 10),
  'create-if-missing': z._default(bool('create-if-missing'), false),
  type: z._default(oneOf('type', ['sensitive', 'encrypted']), 'sensitive'),
  'allow-whitespace': z._default(bool('allow-whitespace'), false),
  'api-url': z._default(apiUrl, 'https://api.vercel.com'),
  /** Paths or {url} templates every new deployment must answer with a 2xx. */
  'health-check': z._default(healthChecks, []),
  /** keep | rollback. */
  'on-unhealthy': z._default(oneOf('on-unhealthy', ['keep', 'rollback']), 'keep'),
  /** Deployment Protection bypass secret (never quoted back). */
  'protection-bypass': z.optional(z.string()),
  /** when-healthy | auto; the default follows health-check. */
  promote: z.optional(oneOf('promote', ['when-healthy', 'auto'])),
  'health-timeout-minutes': z._default(integer('health-timeout-minutes', 0.01, 60, 'minutes'), 3),
  canary: z._default(integer('canary', 0, 1000, 'projects', true), 0),
  'rolling-release': z._default(oneOf('rolling-release', ['wait', 'complete']), 'wait'),
  'probe-auth': z._default(oneOf('probe-auth', ['auto', 'bypass', 'oidc', 'none']), 'auto'),
})

/** Problems that need more than one input to see. */
/** Runs on whatever parsed: an input that failed its own check is undefined here, and its checks are skipped. */
function crossCheck(c: Partial<z.infer<typeof schema>>, projects: string[], given: Record<string, string>, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = []
  const mode = c.mode
  const several = (c.name?.length ?? 0) > 1
  if (given.name === undefined && !c.store) {
    problems.push('name: is missing. Set it to the variable key, e.g. DATABASE_URL, or to several keys of one credential separated by commas.')
  }
  if (c.store && mode === 'rotate') {
    problems.push(
      "store: is not used by mode rotate: a Marketplace provider rotates its own credentials (rotate the secret in the store's settings in Vercel). Then run mode: redeploy with store to redeploy every connected project.",
    )
  }
  if (c.store && c.scope === 'team') {
    problems.push('store: the connected projects are read from the store; remove scope: team.')
  }
  if (c.store && projects.length > 0) {
    problems.push('projects: must be empty with store; the connected projects are read from the store. Remove projects, or store.')
  }
  if (projects.includes('*') && projects.length > 1) {
    problems.push('projects: * already means every project of the team with a record of the key; remove the other names.')
  }
  if (given.generate !== undefined && given.value !== undefined) {
    problems.push('generate: excludes value. Remove value to have the action generate each new value, or remove generate.')
  }
  if (given.generate !== undefined && mode && mode !== 'rotate' && mode !== 'plan') {
    problems.push(`generate: is not used by mode ${mode}, which writes nothing. Remove generate.`)
  }
  if (several && given.value !== undefined) {
    problems.push(
      "value: must be empty with several keys: each key's new value is read from the step's environment variable of the same name (`env: { KEY: ${{ secrets.NEW_KEY }} }`).",
    )
  }
  if (several && mode === 'rotate' && given.generate === undefined && given.value === undefined) {
    problems.push(...environmentValueProblems(c.name!, env, c['allow-whitespace'] ?? false))
  }
  if (c.scope === 'project' && projects.length === 0 && !c.store) {
    problems.push('projects: is missing. Name the projects (names or IDs, separated by commas or new lines), or set VERCEL_PROJECT_ID.')
  }
  if (c.scope === 'team' && projects.length > 0) {
    problems.push('projects: must be empty for scope: team; the linked projects are read from Vercel. Remove projects, or use scope: project.')
  }
  if (c.scope === 'team' && !c.team) {
    problems.push('team: is missing; scope: team needs the team ID (team_...) or slug. Set team, or VERCEL_ORG_ID.')
  }
  if (mode === 'rotate' && !several && given.generate === undefined && (c.value === undefined || c.value === '')) {
    problems.push(
      'value: is missing or empty; mode rotate needs the new value. Pass it from a secret: `value: ${{ secrets.NEW_VALUE }}`, or set generate: base64url:32 for a secret that lives only in Vercel.',
    )
  }
  if ((mode === 'verify' || mode === 'redeploy') && c.value) {
    problems.push(`value: is not used by mode ${mode}, which writes nothing. Remove value, or use mode: rotate to write it.`)
  }
  if (c['rotated-at'] && mode && mode !== 'verify') {
    problems.push(`rotated-at: is only used by mode verify; got mode ${mode}. Remove rotated-at, or set mode: verify.`)
  }
  if (c['rotated-at'] && c['rotated-at'].getTime() > Date.now() + 5 * 60_000) {
    problems.push("rotated-at: is in the future. Pass the rotate job's rotated-at output unchanged.")
  }
  if (c['create-if-missing'] && c.scope === 'team') {
    problems.push('create-if-missing: is only supported for scope: project; create the shared variable in Vercel first.')
  }
  if (c['create-if-missing'] && (mode === 'verify' || mode === 'redeploy')) {
    problems.push(`create-if-missing: does nothing in mode ${mode}, which writes no value. Remove it.`)
  }
  if (c['create-if-missing'] && c.type === 'sensitive' && Array.isArray(c.targets) && c.targets.includes('development')) {
    problems.push('type: sensitive records cannot target development in Vercel. Use type: encrypted, or remove development from targets.')
  }
  if (c.redeploy && !c.redeploy.production && !c.redeploy.preview && !c.redeploy.custom && mode === 'redeploy') {
    problems.push('redeploy: none leaves mode redeploy with nothing to do. Use redeploy: production,custom (the default).')
  }
  if (c['on-unhealthy'] === 'rollback' && c['health-check']?.length === 0) {
    problems.push(
      'on-unhealthy: rollback needs health-check: without a health check no deployment is ever found unhealthy. Add health-check, or remove on-unhealthy.',
    )
  }
  if (c.canary && c.wait === false) {
    problems.push('canary: needs wait: true: a canary is proven before any other project is rebuilt. Remove canary, or set wait: true.')
  }
  if (c['probe-auth'] === 'oidc' && !(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)) {
    problems.push(
      "probe-auth: oidc needs the job's GitHub OIDC token, and this job cannot mint one. Grant it with `permissions: id-token: write` in the workflow (job or top level), or use probe-auth: bypass.",
    )
  }
  return problems
}

/** Empty inputs mean "not set": the runner passes every declared input, set or not. */
function present(raw: RawInputs, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of INPUT_NAMES) {
    const v = raw[name]
    const keep = name === 'value' ? v !== undefined && v !== '' : v !== undefined && v.trim() !== ''
    if (keep) out[name] = v!
  }
  const fallback = (input: InputName, variable: string) => {
    const v = env[variable]?.trim()
    if (out[input] === undefined && v) out[input] = v
  }
  fallback('vercel-token', 'VERCEL_TOKEN')
  fallback('team', 'VERCEL_ORG_ID')
  // With store the connected projects come from Vercel: the step's default project must not narrow them.
  if (out.store === undefined) fallback('projects', 'VERCEL_PROJECT_ID')
  return out
}

/** Validates every input at once and returns a typed Config, or throws one InputError listing each problem. */
export function parseInputs(raw: RawInputs, env: NodeJS.ProcessEnv = {}): Config {
  const given = present(raw, env)
  // Field by field, so that one bad input does not hide the problems of the others.
  const c: Partial<z.infer<typeof schema>> = {}
  const problems: string[] = []
  for (const [input, field] of Object.entries(schema.shape)) {
    const parsed = field.safeParse(given[input])
    if (parsed.success) Object.assign(c, { [input]: parsed.data })
    // zod's own messages for a missing field; ours already start with the input's name.
    else problems.push(...parsed.error.issues.map((i) => (i.message.startsWith(`${input}:`) ? i.message : `${input}: ${i.message}`)))
  }
  const projects = splitList(c.projects ?? '')
  const allowWhitespace = c['allow-whitespace'] ?? /^\s*true\s*$/i.test(given['allow-whitespace'] ?? '')
  // The value's own problems are checked even when other inputs are invalid.
  problems.push(...crossCheck(c, projects, given, env), ...(given.value ? valueProblems(given.value, 'value', allowWhitespace) : []))
  if (problems.length > 0) throw new InputError([...new Set(problems)])
  const complete = c as z.infer<typeof schema>
  const team = complete.team || undefined
  return {
    token: complete['vercel-token'],
    team,
    scope: complete.scope,
    projects,
    store: complete.store || undefined,
    name: (complete.name ?? []).join(', '),
    keys: complete.name ?? [],
    value: complete.value,
    generate: complete.generate,
    targets: complete.targets,
    redeploy: complete.redeploy,
    wait: complete.wait,
    timeoutMs: complete['timeout-minutes'] * 60_000,
    mode: complete.mode,
    rotatedAt: complete['rotated-at'],
    maxParallel: complete['max-parallel'],
    createIfMissing: complete['create-if-missing'],
    type: complete.type,
    allowWhitespace: complete['allow-whitespace'],
    apiUrl: complete['api-url'],
    healthChecks: complete['health-check'],
    onUnhealthy: complete['on-unhealthy'],
    protectionBypass: complete['protection-bypass']?.trim() || undefined,
    promote: complete.promote ?? (complete['health-check'].length > 0 ? 'when-healthy' : 'auto'),
    healthTimeoutMs: complete['health-timeout-minutes'] * 60_000,
    canary: complete.canary,
    rollingRelease: complete['rolling-release'],
    probeAuth: complete['probe-auth'],
  }
}

/** The secrets to mask, read straight from the raw inputs so masking cannot depend on validation. */
export function secretsToMask(raw: RawInputs, env: NodeJS.ProcessEnv = {}): string[] {
  const out: string[] = []
  const token = raw['vercel-token'] || env.VERCEL_TOKEN
  if (token) out.push(token, token.trim())
  const bypass = raw['protection-bypass']
  if (bypass) out.push(bypass, bypass.trim())
  const value = raw.value
  if (value) {
    out.push(value, value.trim())
    // The runner masks line by line, so a multi-line secret needs each substantial line masked too.
    for (const line of value.split(/\r?\n/)) if (line.trim().length >= 8) out.push(line.trim())
  }
  // Several keys read their values from the step's environment: masked before validation, like the value.
  const keys = splitList(raw.name ?? '').filter((k) => KEY_PATTERN.test(k))
  if (keys.length > 1) out.push(...environmentSecrets(keys, env))
  return [...new Set(out.filter((s) => s.length > 0))]
}
