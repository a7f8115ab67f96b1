/**
 * The shell's reading of the action's inputs: empty inputs as unset, the env fallbacks, every input checked at once
 * (src/inputs/: names, readers, schema, cross-checks), and the secrets to mask, read before anything is checked.
 */
import { environmentSecrets, valueProblems } from './rotation/credential.js'
import type { Secrets, Settings } from './rotation/settings.js'
import { crossCheck, crossWarnings } from './inputs/cross-check.js'
import { KEY_PATTERN, splitList } from './inputs/fields.js'
import { INPUT_NAMES, type InputName, type RawInputs } from './inputs/names.js'
import { fieldsFor, type Parsed } from './inputs/schema.js'
import { DEFAULT_IGNORE } from './audit/key-patterns.js'

export { INPUT_NAMES, type InputName, type RawInputs } from './inputs/names.js'
export { splitList } from './inputs/fields.js'

/** The settings the shell reads beside the core's: where Vercel is, and whether the value may carry white space. */
export interface ShellSettings extends Settings {
  apiUrl: string
  allowWhitespace: boolean
}

/** What the inputs say, in two parts: settings, which may be logged as they are, and the secrets, which never are. */
export interface Inputs {
  settings: ShellSettings
  secrets: Secrets
  /** Combinations that work but do less than they seem to; the run shows them in the log and the summary. */
  warnings: string[]
}

export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `Invalid input: ${problems[0]}` : `Invalid inputs:\n${problems.map((p) => `- ${p}`).join('\n')}`)
    this.name = 'InputError'
  }
}
/** Empty inputs mean "not set": the runner passes every declared input, set or not. */
function present(raw: RawInputs, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of INPUT_NAMES) {
    const v = raw[name]
    const keep = name === 'value' || name === 'previous-value' ? v !== undefined && v !== '' : v !== undefined && v.trim() !== ''
    if (keep) out[name] = v!
  }
  const fallback = (input: InputName, variable: string) => {
    const v = env[variable]?.trim()
    if (out[input] === undefined && v) out[input] = v
  }
  fallback('vercel-token', 'VERCEL_TOKEN')
  fallback('team', 'VERCEL_ORG_ID')
  // With store, or scope: team, the projects come from Vercel: the step's default project (many deploy workflows
  // set VERCEL_PROJECT_ID for the whole job) must not narrow them, nor make scope: team an error. A weekly audit
  // covers the team: only a projects input narrows it.
  const fromVercel = out.store !== undefined || out.scope?.trim().toLowerCase() === 'team' || out.mode?.trim() === 'audit'
  if (!fromVercel) fallback('projects', 'VERCEL_PROJECT_ID')
  return out
}

/**
 * Validates every input at once and returns the settings and, apart, the secrets; or throws one InputError
 * listing each problem.
 */
export function parseInputs(raw: RawInputs, env: NodeJS.ProcessEnv = {}): Inputs {
  const given = present(raw, env)
  // Field by field, so that one bad input does not hide the problems of the others.
  const c: Parsed = {}
  const problems: string[] = []
  // Every mode but gate talks to Vercel; gate reads files only.
  if (given['vercel-token'] === undefined && given.mode?.trim() !== 'gate') {
    problems.push('vercel-token: is missing. Pass `vercel-token: ${{ secrets.VERCEL_TOKEN }}` or set VERCEL_TOKEN.')
  }
  for (const [input, field] of Object.entries(fieldsFor(given.mode?.trim()))) {
    const parsed = field.safeParse(given[input])
    if (parsed.success) Object.assign(c, { [input]: parsed.data })
    // zod's own messages for a missing field; ours already start with the input's name.
    else problems.push(...parsed.error.issues.map((i) => (i.message.startsWith(`${input}:`) ? i.message : `${input}: ${i.message}`)))
  }
  const listed = splitList(c.projects ?? '')
  // In audit, `*` is the whole team, as no projects is.
  const projects = c.mode === 'audit' && listed.length === 1 && listed[0] === '*' ? [] : listed
  const allowWhitespace = c['allow-whitespace'] ?? /^\s*true\s*$/i.test(given['allow-whitespace'] ?? '')
  // The value's own problems are checked even when other inputs are invalid.
  problems.push(
    ...crossCheck(c, projects, given, env),
    ...(given.value ? valueProblems(given.value, 'value', allowWhitespace) : []),
    ...(given['previous-value'] ? valueProblems(given['previous-value'], 'previous-value', allowWhitespace) : []),
  )
  if (problems.length > 0) throw new InputError([...new Set(problems)])
  const complete = c as Required<Parsed>
  return {
    settings: {
      team: complete.team || undefined,
      scope: complete.scope,
      projects,
      store: complete.store || undefined,
      name: (complete.name ?? []).join(', '),
      keys: complete.name ?? [],
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
      healthChecks: complete['health-check'],
      onUnhealthy: complete['on-unhealthy'],
      // Staged rebuilds need the wait to promote them: without a health check or without waiting, Vercel promotes.
      promote: complete.promote ?? (complete['health-check'].length > 0 && complete.wait ? 'when-healthy' : 'auto'),
      healthTimeoutMs: complete['health-timeout-minutes'] * 60_000,
      canary: complete.canary,
      rollingRelease: complete['rolling-release'],
      probeAuth: complete['probe-auth'],
      allowWhitespace: complete['allow-whitespace'],
      apiUrl: complete['api-url'],
      ...(complete.mode === 'gate' ? { results: complete.results, expect: complete.expect } : {}),
      ...(complete.mode === 'audit'
        ? {
            audit: {
              team: complete.team || undefined,
              projects,
              keys: complete.name ?? [],
              ignore: complete.ignore ?? [...DEFAULT_IGNORE],
              ...(complete['max-age-days'] !== undefined ? { maxAgeDays: complete['max-age-days'] } : {}),
              requireSensitive: complete['require-sensitive'] ?? false,
            },
          }
        : {}),
    },
    secrets: {
      token: complete['vercel-token'] ?? '',
      value: complete.value,
      protectionBypass: complete['protection-bypass']?.trim() || undefined,
      ...(complete['previous-value'] ? { previousValue: complete['previous-value'] } : {}),
    },
    warnings: crossWarnings(c, given),
  }
}

/** The secrets to mask, read straight from the raw inputs so masking cannot depend on validation. */
export function secretsToMask(raw: RawInputs, env: NodeJS.ProcessEnv = {}): string[] {
  const out: string[] = []
  const token = raw['vercel-token'] || env.VERCEL_TOKEN
  if (token) out.push(token, token.trim())
  const bypass = raw['protection-bypass']
  if (bypass) out.push(bypass, bypass.trim())
  for (const value of [raw.value, raw['previous-value']]) {
    if (!value) continue
    out.push(value, value.trim())
    // The runner masks line by line, so a multi-line secret needs each substantial line masked too.
    for (const line of value.split(/\r?\n/)) if (line.trim().length >= 8) out.push(line.trim())
  }
  // Several keys read their values (and previous values) from the step's environment: masked before validation, like the value.
  const keys = splitList(raw.name ?? '').filter((k) => KEY_PATTERN.test(k))
  if (keys.length > 1) out.push(...environmentSecrets(keys, env))
  return [...new Set(out.filter((s) => s.length > 0))]
}
