/** The checks that need more than one input to see, each naming the inputs involved and the fix. */
import { environmentPreviousProblems, environmentValueProblems } from '../rotation/credential.js'
import type { Parsed } from './schema.js'

/** Runs on whatever parsed: an input that failed its own check is undefined here, and its checks are skipped. */
export function crossCheck(c: Parsed, projects: string[], given: Record<string, string>, env: NodeJS.ProcessEnv): string[] {
  const mode = c.mode
  const auditOnly = mode === 'audit' ? [] : auditInputProblems(mode ?? given.mode, given)
  // gate reads files only: no token, no team, no key; its own two inputs are all it needs.
  if (mode === 'gate') return [...auditOnly, ...gateProblems(c, given)]
  // audit reads metadata only: no value, no write, no deployment; the team (or the projects given) and the keys.
  if (mode === 'audit') return auditProblems(c, projects, given)
  const problems: string[] = [...auditOnly]
  for (const input of ['results', 'expect'] as const) {
    if (given[input] !== undefined)
      problems.push(`${input}: is only used by mode gate; got mode ${mode ?? given.mode}. Remove ${input}, or set mode: gate.`)
  }
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
  // Vercel's project names hold no white space: "web api" is two names that lack their comma.
  const spaced = projects.filter((p) => /\s/.test(p))
  if (spaced.length > 0) {
    problems.push(
      `projects: ${spaced.map((p) => `"${p}"`).join(', ')} contains white space, which no Vercel project name or ID has. Separate projects with commas or new lines, e.g. ${spaced[0]!.split(/\s+/).join(', ')}.`,
    )
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
  const previous = given['previous-value']
  if (several && previous !== undefined) {
    problems.push(
      "previous-value: must be empty with several keys: each key's previous value is read from the step's environment variable `<KEY>_PREVIOUS` (`env: { KEY_PREVIOUS: ${{ secrets.KEY }} }`).",
    )
  }
  if (several && (mode === 'rotate' || mode === 'plan')) problems.push(...environmentPreviousProblems(c.name!, env, c['allow-whitespace'] ?? false))
  if (previous !== undefined && (mode === 'verify' || mode === 'redeploy')) {
    problems.push(`previous-value: is not used by mode ${mode}, which writes nothing and so has nothing to write back. Remove previous-value.`)
  }
  if (previous !== undefined && given.value !== undefined && previous === given.value) {
    problems.push(
      'previous-value: is the same as value, so writing it back after a failure would change nothing. Pass the secret that still holds the old value.',
    )
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
  if (c.promote === 'when-healthy' && c.wait === false) {
    problems.push(
      'promote: when-healthy needs wait: true: a staged rebuild is promoted only once the action has proven it, so without waiting it would never serve. Use promote: auto, or wait: true.',
    )
  }
  // wait: false succeeds once the redeploys are created: a health check there would read as a proof never made.
  if (c.wait === false && (c['health-check']?.length ?? 0) > 0 && mode !== 'verify') {
    problems.push(
      'health-check: is never fetched with wait: false: the step ends once the redeploys are created, before any deployment could answer. Set wait: true to have every new deployment checked, or remove health-check.',
    )
  }
  const healthMinutes = c['health-timeout-minutes']
  if (
    given['health-timeout-minutes'] !== undefined &&
    healthMinutes !== undefined &&
    c['timeout-minutes'] !== undefined &&
    healthMinutes > c['timeout-minutes']
  ) {
    problems.push(
      `health-timeout-minutes: ${healthMinutes} is longer than timeout-minutes (${c['timeout-minutes']}), the whole wait, so it could never run out. Lower health-timeout-minutes, or raise timeout-minutes.`,
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

/** mode gate: what to read and which legs must be there; every input that would reach Vercel is refused. */
function gateProblems(c: Parsed, given: Record<string, string>): string[] {
  const problems: string[] = []
  if (given.expect === undefined) {
    problems.push(
      'expect: is missing; mode gate needs the team of every matrix leg, e.g. `expect: team-a, team-b` or `${{ toJSON(matrix.team) }}` from the same matrix definition.',
    )
  }
  if (given.results === undefined) {
    problems.push(
      "results: is missing; mode gate needs the directory or glob of the legs' result files, e.g. the path actions/download-artifact filled.",
    )
  }
  const unused = ['value', 'generate', 'previous-value', 'rotated-at', 'store', 'protection-bypass'].filter((i) => given[i] !== undefined)
  for (const input of unused)
    problems.push(`${input}: is not used by mode gate, which reads result files and makes no Vercel request. Remove ${input}.`)
  return problems
}

const AUDIT_INPUTS = ['max-age-days', 'require-sensitive', 'ignore'] as const

/** The audit's policy inputs, given to another mode: they would judge nothing there. */
function auditInputProblems(mode: string | undefined, given: Record<string, string>): string[] {
  return AUDIT_INPUTS.filter((i) => given[i] !== undefined).map(
    (input) => `${input}: is only used by mode audit; got mode ${mode}. Remove ${input}, or set mode: audit.`,
  )
}

/**
 * Inputs with no default in action.yml that do nothing in an audit, which reads metadata only. Inputs with a default
 * reach every run, so only a value other than the default can be told from unset (scope and targets, below).
 */
const NOT_FOR_AUDIT = [
  'store',
  'value',
  'generate',
  'previous-value',
  'rotated-at',
  'health-check',
  'protection-bypass',
  'promote',
  'results',
  'expect',
]

/** mode audit: the team or the projects given, optionally narrowed by key patterns; nothing that writes or deploys. */
function auditProblems(c: Parsed, projects: string[], given: Record<string, string>): string[] {
  const problems: string[] = []
  for (const input of NOT_FOR_AUDIT.filter((i) => given[i] !== undefined)) {
    const why =
      input === 'value' || input === 'generate' || input === 'previous-value'
        ? 'which never reads, writes or generates a value'
        : input === 'store'
          ? 'which covers every record, integration-owned ones included, and names their stores'
          : 'which reads metadata only and redeploys nothing'
    problems.push(`${input}: is not used by mode audit, ${why}. Remove ${input}.`)
  }
  if (c.scope === 'team') {
    problems.push(
      'scope: does not apply to mode audit, which reads every shared variable and every project-level record of the team (or of the projects given). Remove scope.',
    )
  }
  if (c.targets !== undefined && c.targets !== 'all') {
    problems.push(`targets: does not apply to mode audit, which reads the records of every environment. Remove targets.`)
  }
  const spaced = projects.filter((p) => /\s/.test(p))
  if (spaced.length > 0) {
    problems.push(
      `projects: ${spaced.map((p) => `"${p}"`).join(', ')} contains white space, which no Vercel project name or ID has. Separate projects with commas or new lines, e.g. ${spaced[0]!.split(/\s+/).join(', ')}.`,
    )
  }
  if (projects.includes('*')) {
    problems.push('projects: * is the whole team, as an empty projects is; remove * to audit the projects named, or the names to audit the team.')
  }
  return problems
}

/** Combinations that work but do less than they seem to: said in the log and the summary, never refused. */
export function crossWarnings(c: Parsed, given: Record<string, string>): string[] {
  const warnings: string[] = []
  const staged = (c['health-check']?.length ?? 0) > 0 && c.wait !== false
  if (c['on-unhealthy'] === 'rollback' && given.promote === undefined && staged) {
    warnings.push(
      'on-unhealthy: rollback under promote: when-healthy (the default with health-check): an unhealthy production rebuild is never promoted, so production keeps the old deployment and nothing is rolled back; rollback acts only where Vercel did not stage a rebuild. Set promote: auto to have Vercel promote each rebuild at once and roll back the unhealthy ones, or remove on-unhealthy.',
    )
  }
  return warnings
}
