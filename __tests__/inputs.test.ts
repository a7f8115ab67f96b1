import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { AuditSettings } from '../src/audit/types.js'
import { DEFAULT_IGNORE } from '../src/audit/key-patterns.js'
import { InputError, parseInputs, secretsToMask, splitList, type RawInputs } from '../src/inputs.js'

const TOKEN = 'canary-token-7f3a9c'
const VALUE = 'canary-value-b81e42'
const ok: RawInputs = { 'vercel-token': TOKEN, projects: 'web', name: 'DATABASE_URL', value: VALUE }

function problemsOf(raw: RawInputs, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseInputs(raw, env)
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return (err as InputError).problems
  }
  throw new Error('expected the inputs to be refused')
}

describe('parseInputs', () => {
  it('applies the defaults of ACTION.md', () => {
    const c = parseInputs(ok).settings
    expect(c).toMatchObject({
      scope: 'project',
      projects: ['web'],
      targets: 'all',
      redeploy: { production: true, preview: false, custom: true },
      wait: true,
      timeoutMs: 30 * 60_000,
      mode: 'rotate',
      maxParallel: 10,
      createIfMissing: false,
      type: 'sensitive',
      allowWhitespace: false,
      apiUrl: 'https://api.vercel.com',
    })
    expect(c.team).toBeUndefined()
  })

  it('falls back to VERCEL_TOKEN, VERCEL_ORG_ID and VERCEL_PROJECT_ID', () => {
    const c = parseInputs({ name: 'K', value: 'v' }, { VERCEL_TOKEN: 't', VERCEL_ORG_ID: 'team_1', VERCEL_PROJECT_ID: 'prj_1' })
    expect(c).toMatchObject({ secrets: { token: 't' }, settings: { team: 'team_1', projects: ['prj_1'] } })
  })

  it('ignores VERCEL_PROJECT_ID for scope: team, where the linked projects come from Vercel', () => {
    const c = parseInputs({ ...ok, projects: '', scope: 'team', team: 'acme' }, { VERCEL_PROJECT_ID: 'prj_1' }).settings
    expect(c.projects).toEqual([])
    // Given as an input, it is still an error.
    expect(problemsOf({ ...ok, scope: 'team', team: 'acme' }, { VERCEL_PROJECT_ID: 'prj_1' })).toEqual([
      expect.stringMatching(/^projects: must be empty for scope: team/),
    ])
  })

  it('accepts a quoted value with allow-whitespace: true, as it accepts white space', () => {
    expect(parseInputs({ ...ok, value: `"${VALUE}"`, 'allow-whitespace': 'true' }).secrets.value).toBe(`"${VALUE}"`)
    // Quotes inside the value, or only on one side, are no copy mistake.
    expect(parseInputs({ ...ok, value: `a"${VALUE}"` }).secrets.value).toBe(`a"${VALUE}"`)
    expect(parseInputs({ ...ok, value: `"${VALUE}` }).secrets.value).toBe(`"${VALUE}`)
  })

  it('warns, without refusing, that on-unhealthy: rollback under the default promote: when-healthy rolls nothing back', () => {
    const staged = parseInputs({ ...ok, 'health-check': '/api/health', 'on-unhealthy': 'rollback' })
    expect(staged.settings.promote).toBe('when-healthy')
    expect(staged.warnings).toEqual([expect.stringMatching(/^on-unhealthy: rollback under promote: when-healthy .*Set promote: auto/)])
    // Chosen explicitly, either way, nothing is said.
    expect(parseInputs({ ...ok, 'health-check': '/api/health', 'on-unhealthy': 'rollback', promote: 'auto' }).warnings).toEqual([])
    expect(parseInputs({ ...ok, 'health-check': '/api/health', 'on-unhealthy': 'rollback', promote: 'when-healthy' }).warnings).toEqual([])
    expect(parseInputs(ok).warnings).toEqual([])
  })

  it('prefers inputs over the environment, and treats empty inputs as unset', () => {
    const c = parseInputs({ ...ok, team: '', projects: 'a, b\nc,a' }, { VERCEL_ORG_ID: 'team_env', VERCEL_PROJECT_ID: 'x' }).settings
    expect(c.team).toBe('team_env')
    expect(c.projects).toEqual(['a', 'b', 'c'])
  })

  it('parses lists, booleans and numbers', () => {
    const c = parseInputs({
      ...ok,
      targets: 'production, preview\nstaging',
      redeploy: 'preview,production',
      wait: 'FALSE',
      'timeout-minutes': '5',
      'max-parallel': '3',
      'api-url': 'http://127.0.0.1:4000/',
    }).settings
    expect(c.targets).toEqual(['production', 'preview', 'staging'])
    expect(c.redeploy).toEqual({ production: true, preview: true, custom: false })
    expect(c.wait).toBe(false)
    expect(c.timeoutMs).toBe(5 * 60_000)
    expect(c.maxParallel).toBe(3)
    expect(c.apiUrl).toBe('http://127.0.0.1:4000')
  })

  it('accepts a value with white space when allow-whitespace is true', () => {
    expect(parseInputs({ ...ok, value: ' two\nlines ', 'allow-whitespace': 'true' }).secrets.value).toBe(' two\nlines ')
  })

  it('lists every problem at once, cross-input ones included, even when an input fails its own check', () => {
    const problems = problemsOf({ name: '1BAD', mode: 'nope', 'max-parallel': '0', scope: 'team', projects: 'web', value: 'x\ny' })
    expect(problems.map((p) => p.split(':')[0])).toEqual(['vercel-token', 'name', 'mode', 'max-parallel', 'projects', 'team', 'value'])
  })
})

// The bad-input table: each row names the input the message must start with and a word of the fix.
const BAD: [string, RawInputs, NodeJS.ProcessEnv, string, RegExp][] = [
  ['no token', { ...ok, 'vercel-token': '' }, {}, 'vercel-token', /VERCEL_TOKEN/],
  ['no name', { ...ok, name: '' }, {}, 'name', /DATABASE_URL/],
  ['key starting with a digit', { ...ok, name: '1KEY' }, {}, 'name', /letters, digits and underscores/],
  ['key with a dash', { ...ok, name: 'MY-KEY' }, {}, 'name', /not a valid variable key/],
  ['key with a space', { ...ok, name: 'MY KEY' }, {}, 'name', /not a valid variable key/],
  ['unknown scope', { ...ok, scope: 'org' }, {}, 'scope', /project, team/],
  ['unknown mode', { ...ok, mode: 'rotate-now' }, {}, 'mode', /rotate, plan, verify, redeploy/],
  ['no projects for scope project', { ...ok, projects: '' }, {}, 'projects', /VERCEL_PROJECT_ID/],
  ['projects with scope team', { ...ok, scope: 'team', team: 'acme' }, {}, 'projects', /read from Vercel/],
  ['scope team without team', { ...ok, scope: 'team', projects: '' }, {}, 'team', /VERCEL_ORG_ID/],
  ['no value for rotate', { ...ok, value: '' }, {}, 'value', /secrets\./],
  ['value for verify', { ...ok, mode: 'verify' }, {}, 'value', /writes nothing/],
  ['value for redeploy', { ...ok, mode: 'redeploy' }, {}, 'value', /writes nothing/],
  ['value with a trailing space', { ...ok, value: `${VALUE} ` }, {}, 'value', /allow-whitespace/],
  ['value with a leading tab', { ...ok, value: `\t${VALUE}` }, {}, 'value', /white space/],
  ['value with a line break', { ...ok, value: `${VALUE}\n${VALUE}` }, {}, 'value', /line break/],
  ['value with a trailing CRLF', { ...ok, value: `${VALUE}\r\n` }, {}, 'value', /line break/],
  ['value in double quotes', { ...ok, value: `"${VALUE}"` }, {}, 'value', /wrapped in quotes.*allow-whitespace: true/],
  ['value in single quotes', { ...ok, value: `'${VALUE}'` }, {}, 'value', /wrapped in quotes/],
  [
    'several keys, one value in quotes',
    { ...ok, name: 'A_URL, B_URL', value: '' },
    { A_URL: 'a-value', B_URL: '"b-value"' },
    'env B_URL',
    /wrapped in quotes/,
  ],
  [
    'projects separated by a space',
    { ...ok, projects: 'web api' },
    {},
    'projects',
    /"web api" contains white space.*commas or new lines, e\.g\. web, api/,
  ],
  [
    'health-check with wait: false',
    { ...ok, 'health-check': '/api/health', wait: 'false' },
    {},
    'health-check',
    /never fetched with wait: false.*wait: true/,
  ],
  [
    'health-timeout-minutes longer than timeout-minutes',
    { ...ok, 'health-check': '/api/health', 'health-timeout-minutes': '45', 'timeout-minutes': '30' },
    {},
    'health-timeout-minutes',
    /45 is longer than timeout-minutes \(30\)/,
  ],
  ['value with a control character', { ...ok, value: `${VALUE}\u0007` }, {}, 'value', /control character/],
  ['targets empty list', { ...ok, targets: ',' }, {}, 'targets', /production, preview, development/],
  ['targets mixing all', { ...ok, targets: 'all,production' }, {}, 'targets', /must be all, or a list/],
  ['targets with a bad character', { ...ok, targets: 'prod uction' }, {}, 'targets', /custom-environment/],
  ['unknown redeploy', { ...ok, redeploy: 'staging' }, {}, 'redeploy', /production, preview and custom/],
  ['redeploy none with another', { ...ok, redeploy: 'none,production' }, {}, 'redeploy', /none/],
  ['wait not a boolean', { ...ok, wait: 'yes' }, {}, 'wait', /true or false/],
  ['timeout zero', { ...ok, 'timeout-minutes': '0' }, {}, 'timeout-minutes', /from 1 to 360/],
  ['timeout not a number', { ...ok, 'timeout-minutes': 'ten' }, {}, 'timeout-minutes', /from 1 to 360/],
  ['max-parallel too big', { ...ok, 'max-parallel': '1000' }, {}, 'max-parallel', /1 to 100/],
  ['max-parallel fractional', { ...ok, 'max-parallel': '2.5' }, {}, 'max-parallel', /whole number/],
  ['rotated-at not a time', { ...ok, value: '', mode: 'verify', 'rotated-at': 'yesterday' }, {}, 'rotated-at', /ISO-8601/],
  ['rotated-at outside verify', { ...ok, 'rotated-at': '2026-01-01T00:00:00Z' }, {}, 'rotated-at', /mode: verify/],
  [
    'rotated-at without a time zone',
    { ...ok, value: '', mode: 'verify', 'rotated-at': '2026-01-01T06:00:00' },
    {},
    'rotated-at',
    /no time zone.*Add Z \(UTC\) or an offset/,
  ],
  [
    'rotated-at with milliseconds, no zone',
    { ...ok, value: '', mode: 'verify', 'rotated-at': '2026-01-01T06:00:00.123' },
    {},
    'rotated-at',
    /no time zone/,
  ],
  ['rotated-at in the future', { ...ok, value: '', mode: 'verify', 'rotated-at': '2999-01-01T00:00:00Z' }, {}, 'rotated-at', /future/],
  [
    'create-if-missing for team',
    { ...ok, scope: 'team', team: 'acme', projects: '', 'create-if-missing': 'true' },
    {},
    'create-if-missing',
    /scope: project/,
  ],
  ['create-if-missing not a boolean', { ...ok, 'create-if-missing': '1' }, {}, 'create-if-missing', /true or false/],
  ['sensitive record for development', { ...ok, 'create-if-missing': 'true', targets: 'development' }, {}, 'type', /encrypted/],
  ['unknown type', { ...ok, type: 'plain' }, {}, 'type', /sensitive, encrypted/],
  ['api-url over plain http', { ...ok, 'api-url': 'http://api.vercel.com' }, {}, 'api-url', /unencrypted/],
  ['api-url over plain http to a private address', { ...ok, 'api-url': 'http://10.0.0.5:8080' }, {}, 'api-url', /https/],
  ['api-url not a URL', { ...ok, 'api-url': 'api.vercel.com' }, {}, 'api-url', /not a URL/],
  ['api-url with credentials', { ...ok, 'api-url': 'https://user:pw@proxy.example' }, {}, 'api-url', /user name or password/],
  ['allow-whitespace not a boolean', { ...ok, 'allow-whitespace': 'maybe' }, {}, 'allow-whitespace', /true or false/],
  ['value with several keys', { ...ok, name: 'A_URL, B_URL' }, { A_URL: 'a-value', B_URL: 'b-value' }, 'value', /must be empty with several keys/],
  ['several keys, one missing from env', { ...ok, name: 'A_URL, B_URL', value: '' }, { A_URL: 'a-value' }, 'name', /B_URL has no new value.*env:/],
  [
    'several keys, one with a trailing newline',
    { ...ok, name: 'A_URL, B_URL', value: '' },
    { A_URL: 'a-value', B_URL: 'b-value\n' },
    'env B_URL',
    /line break/,
  ],
  ['one bad key among several', { ...ok, name: 'A_URL, B-URL' }, {}, 'name', /"B-URL" is not a valid variable key/],
  ['generate with value', { ...ok, generate: 'base64url:32' }, {}, 'generate', /excludes value/],
  ['generate too short', { ...ok, value: '', generate: 'hex:8' }, {}, 'generate', /16 to 128/],
  ['generate unknown encoding', { ...ok, value: '', generate: 'base32:32' }, {}, 'generate', /base64url:N/],
  ['generate for verify', { ...ok, value: '', mode: 'verify', generate: 'hex:32' }, {}, 'generate', /writes nothing/],
  ['store in rotate mode', { ...ok, value: '', projects: '', store: 'store_1' }, {}, 'store', /provider.*mode: redeploy with store/],
  ['store with projects', { ...ok, value: '', mode: 'redeploy', store: 'store_1' }, {}, 'projects', /must be empty with store/],
  ['projects * with names', { ...ok, projects: '*, web' }, {}, 'projects', /already means every project/],
  ['no name and no store', { ...ok, name: '' }, {}, 'name', /is missing/],
  ['redeploy mode with nothing to redeploy', { ...ok, value: '', mode: 'redeploy', redeploy: 'none' }, {}, 'redeploy', /nothing to do/],
  [
    'health-check on another host, {url} in its path',
    { ...ok, 'health-check': 'https://evil.example/{url}' },
    {},
    'health-check',
    /other than the deployment's.*exactly \{url\}/,
  ],
  [
    'health-check under a host of {url}',
    { ...ok, 'health-check': 'https://{url}.evil.example/api/health' },
    {},
    'health-check',
    /other than the deployment's/,
  ],
  [
    'health-check with {url} as a user name',
    { ...ok, 'health-check': 'https://{url}@evil.example/api/health' },
    {},
    'health-check',
    /other than the deployment's/,
  ],
  ['health-check with a user name before {url}', { ...ok, 'health-check': 'https://x@{url}/api/health' }, {}, 'health-check', /no user name/],
  [
    'health-check with {url} after a fragment',
    { ...ok, 'health-check': 'https://evil.example#@{url}' },
    {},
    'health-check',
    /other than the deployment's/,
  ],
  [
    'health-check on a fixed host named like a placeholder',
    { ...ok, 'health-check': 'https://deployment-a.invalid/{url}' },
    {},
    'health-check',
    /other than the deployment's/,
  ],
  ['health-check to a private address', { ...ok, 'health-check': 'http://10.0.0.5/{url}' }, {}, 'health-check', /other than the deployment's/],
  // mode audit
  [
    'audit: max-age-days zero',
    { 'vercel-token': TOKEN, mode: 'audit', 'max-age-days': '0' },
    {},
    'max-age-days',
    /whole number of days|from 1 to 3650/,
  ],
  [
    'audit: max-age-days fractional',
    { 'vercel-token': TOKEN, mode: 'audit', 'max-age-days': '1.5' },
    {},
    'max-age-days',
    /whole number from 1 to 3650; got "1\.5"/,
  ],
  ['audit: max-age-days in words', { 'vercel-token': TOKEN, mode: 'audit', 'max-age-days': 'ninety' }, {}, 'max-age-days', /got "ninety"/],
  [
    'audit: require-sensitive not a boolean',
    { 'vercel-token': TOKEN, mode: 'audit', 'require-sensitive': 'yes' },
    {},
    'require-sensitive',
    /true or false; got "yes"/,
  ],
  [
    'audit: ignore with a dash',
    { 'vercel-token': TOKEN, mode: 'audit', ignore: 'NEXT_PUBLIC_*, MY-PUBLIC-*' },
    {},
    'ignore',
    /"MY-PUBLIC-\*" is not a key pattern.*e\.g\. STRIPE_\*/,
  ],
  ['audit: name pattern starting with a digit', { 'vercel-token': TOKEN, mode: 'audit', name: '1*' }, {}, 'name', /"1\*" is not a key pattern/],
  ['audit: value', { 'vercel-token': TOKEN, mode: 'audit', value: VALUE }, {}, 'value', /not used by mode audit, which never reads.*Remove value/],
  ['audit: generate', { 'vercel-token': TOKEN, mode: 'audit', generate: 'hex:32' }, {}, 'generate', /not used by mode audit/],
  ['audit: previous-value', { 'vercel-token': TOKEN, mode: 'audit', 'previous-value': VALUE }, {}, 'previous-value', /Remove previous-value/],
  ['audit: health-check', { 'vercel-token': TOKEN, mode: 'audit', 'health-check': '/api/health' }, {}, 'health-check', /redeploys nothing/],
  ['audit: store', { 'vercel-token': TOKEN, mode: 'audit', store: 'store_1' }, {}, 'store', /integration-owned ones included/],
  ['audit: scope team', { 'vercel-token': TOKEN, mode: 'audit', scope: 'team', team: 'acme' }, {}, 'scope', /every shared variable.*Remove scope/],
  ['audit: targets', { 'vercel-token': TOKEN, mode: 'audit', targets: 'production' }, {}, 'targets', /every environment/],
  ['audit: projects * with names', { 'vercel-token': TOKEN, mode: 'audit', projects: '*, web' }, {}, 'projects', /whole team/],
  ['audit: projects separated by a space', { 'vercel-token': TOKEN, mode: 'audit', projects: 'web api' }, {}, 'projects', /white space/],
  ['audit: no token', { mode: 'audit' }, {}, 'vercel-token', /VERCEL_TOKEN/],
  ['max-age-days in rotate', { ...ok, 'max-age-days': '90' }, {}, 'max-age-days', /only used by mode audit; got mode rotate.*set mode: audit/],
  ['require-sensitive in verify', { ...ok, value: '', mode: 'verify', 'require-sensitive': 'true' }, {}, 'require-sensitive', /got mode verify/],
  ['ignore in gate', { mode: 'gate', results: 'r', expect: 'a', ignore: 'X_*' }, {}, 'ignore', /got mode gate/],
  ['a key pattern outside audit', { ...ok, name: 'STRIPE_*' }, {}, 'name', /"STRIPE_\*" is not a valid variable key/],
]

describe('the bad-input table', () => {
  it.each(BAD)('%s: names the input and the fix, never a secret', (_, raw, env, input, fix) => {
    const problems = problemsOf(raw, env)
    const mine = problems.filter((p) => p.startsWith(`${input}:`))
    expect(mine, problems.join('\n')).not.toHaveLength(0)
    expect(mine.join('\n')).toMatch(fix)
    const all = problems.join('\n') + new InputError(problems).message
    expect(all).not.toContain(TOKEN)
    expect(all).not.toContain(VALUE)
    for (const secret of [raw['vercel-token'], raw.value]) if (secret && secret.trim().length > 3) expect(all).not.toContain(secret.trim())
  })

  it('has at least 25 rows', () => expect(BAD.length).toBeGreaterThanOrEqual(25))
})

describe('secretsToMask', () => {
  it('masks the token and the value, and each substantial line of a multi-line value', () => {
    const masks = secretsToMask({ 'vercel-token': ` ${TOKEN} `, value: `line-one-secret\nline-two-secret\nab` })
    expect(masks).toEqual(expect.arrayContaining([TOKEN, 'line-one-secret', 'line-two-secret']))
    expect(masks).not.toContain('ab')
  })

  it('masks the VERCEL_TOKEN fallback', () => {
    expect(secretsToMask({}, { VERCEL_TOKEN: TOKEN })).toContain(TOKEN)
  })
})

describe('several keys, generate and store', () => {
  it('reads several keys in order and keeps the joined name for headings', () => {
    const c = parseInputs(
      { ...ok, value: '', name: 'DATABASE_URL\nPGPASSWORD, DATABASE_URL' },
      { DATABASE_URL: 'a-value', PGPASSWORD: 'b-value' },
    ).settings
    expect(c.keys).toEqual(['DATABASE_URL', 'PGPASSWORD'])
    expect(c.name).toBe('DATABASE_URL, PGPASSWORD')
  })

  it('parses generate and needs no value', () => {
    expect(parseInputs({ ...ok, value: '', generate: 'base64url:32' }).settings.generate).toEqual({ encoding: 'base64url', bytes: 32 })
  })

  it('accepts store for redeploy with no name and ignores the step’s default project', () => {
    const c = parseInputs({ 'vercel-token': TOKEN, store: 'store_1', mode: 'redeploy' }, { VERCEL_PROJECT_ID: 'prj_default' }).settings
    expect(c).toMatchObject({ store: 'store_1', keys: [], projects: [] })
  })

  it('masks the step’s environment value of every key of several, and each substantial line', () => {
    const env = { A_URL: 'postgres://a-secret-value', B_URL: 'first-line-secret\nsecond-line-secret', UNRELATED: 'not-a-key' }
    const masks = secretsToMask({ name: 'A_URL, B_URL' }, env)
    expect(masks).toEqual(expect.arrayContaining(['postgres://a-secret-value', 'first-line-secret', 'second-line-secret']))
    expect(masks).not.toContain('not-a-key')
  })
})

describe('rotated-at', () => {
  it("reads Z and offsets as the instant they name, whatever the runner's time zone", () => {
    const at = (t: string) => parseInputs({ ...ok, value: '', mode: 'verify', 'rotated-at': t }).settings.rotatedAt?.toISOString()
    expect(at('2026-01-01T06:00:00.000Z')).toBe('2026-01-01T06:00:00.000Z')
    expect(at('2026-01-01T08:00:00+02:00')).toBe('2026-01-01T06:00:00.000Z')
    expect(at('2026-01-01T01:00:00-0500')).toBe('2026-01-01T06:00:00.000Z')
  })
})

describe('health-check templates', () => {
  it('accepts paths, templates whose host is exactly {url} (anything in the path or query), and loopback templates', () => {
    const checks = [
      '/api/health',
      'https://{url}/api/health',
      'https://{url}/status?of=https://evil.example/&host={url}',
      'https://{url}:8443/healthz',
      'http://127.0.0.1:4123/_deployments/{url}/api/health',
      'http://localhost:3000/{url}/health',
      'http://[::1]:3000/{url}',
    ]
    expect(parseInputs({ ...ok, 'health-check': checks.join('\n') }).settings.healthChecks).toEqual(checks)
  })

  it('refuses the one template among several that points elsewhere, quoting it', () => {
    const problems = problemsOf({ ...ok, 'health-check': 'https://{url}/ok\nhttps://evil.example/{url}' })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^health-check: "https:\/\/evil\.example\/\{url\}" would send the request/)
  })
})

describe('splitList', () => {
  it('splits on commas and new lines, trims, drops empties and repeats', () => {
    expect(splitList(' a,,b \n\n c , a ')).toEqual(['a', 'b', 'c'])
  })
})

describe('settings and secrets', () => {
  it('keep the secrets apart: no field of the settings holds the token, the value or the bypass secret', () => {
    const { settings, secrets } = parseInputs({ ...ok, 'protection-bypass': 'bypass-canary-0c1d' })
    expect(secrets).toEqual({ token: TOKEN, value: VALUE, protectionBypass: 'bypass-canary-0c1d' })
    const shown = JSON.stringify(settings)
    for (const secret of [TOKEN, VALUE, 'bypass-canary-0c1d']) expect(shown).not.toContain(secret)
  })
})

describe('the release inputs', () => {
  it('promote follows health-check by default: when-healthy with one, auto without', () => {
    expect(parseInputs(ok).settings).toMatchObject({
      promote: 'auto',
      healthTimeoutMs: 3 * 60_000,
      canary: 0,
      rollingRelease: 'wait',
      probeAuth: 'auto',
    })
    expect(parseInputs({ ...ok, 'health-check': '/api/health' }).settings.promote).toBe('when-healthy')
    expect(parseInputs({ ...ok, 'health-check': '/api/health', promote: 'auto' }).settings.promote).toBe('auto')
    expect(parseInputs({ ...ok, 'health-timeout-minutes': '0.5' }).settings.healthTimeoutMs).toBe(30_000)
  })

  it('refuses bad values, naming the input and what it takes', () => {
    expect(problemsOf({ ...ok, promote: 'always' })).toEqual(['promote: must be one of when-healthy, auto; got "always".'])
    expect(problemsOf({ ...ok, canary: '1.5' })).toEqual(['canary: must be a whole number from 0 to 1000; got "1.5".'])
    expect(problemsOf({ ...ok, 'health-timeout-minutes': '0' })[0]).toMatch(/^health-timeout-minutes: must be a number of minutes from 0.01 to 60/)
    expect(problemsOf({ ...ok, 'rolling-release': 'skip' })[0]).toMatch(/^rolling-release: must be one of wait, complete/)
    expect(problemsOf({ ...ok, 'probe-auth': 'token' })[0]).toMatch(/^probe-auth: must be one of auto, bypass, oidc, none/)
  })

  it('staged rebuilds need the wait that promotes them: auto without wait, and when-healthy with wait: false refused', () => {
    expect(parseInputs({ ...ok, value: '', mode: 'verify', 'health-check': '/api/health', wait: 'false' }).settings.promote).toBe('auto')
    expect(problemsOf({ ...ok, 'health-check': '/api/health', wait: 'false', promote: 'when-healthy' })[0]).toMatch(
      /^promote: when-healthy needs wait: true: .*Use promote: auto, or wait: true\.$/,
    )
  })

  it('canary needs wait: a canary must be proven before the rest', () => {
    expect(problemsOf({ ...ok, canary: '1', wait: 'false' })).toEqual([
      'canary: needs wait: true: a canary is proven before any other project is rebuilt. Remove canary, or set wait: true.',
    ])
  })

  it('probe-auth: oidc is refused when the job cannot mint a token, and accepted when it can', () => {
    expect(problemsOf({ ...ok, 'probe-auth': 'oidc' })[0]).toMatch(/^probe-auth: oidc needs .*`permissions: id-token: write`/)
    const env = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://example.invalid/token', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' }
    expect(parseInputs({ ...ok, 'probe-auth': 'oidc' }, env).settings.probeAuth).toBe('oidc')
  })
})

describe('mode audit', () => {
  // The runner passes every default action.yml declares, set or not: an audit step gets them too.
  const declared = (parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs
  const defaults = Object.fromEntries(Object.entries(declared).flatMap(([k, v]) => (v.default === undefined ? [] : [[k, String(v.default)]])))

  it("accepts the contract's weekly audit as the runner passes it, and ignores the job's VERCEL_PROJECT_ID", () => {
    const raw = { ...defaults, mode: 'audit', 'vercel-token': TOKEN, team: 'my-team', 'max-age-days': '90', 'require-sensitive': 'true' }
    const { settings } = parseInputs(raw, { VERCEL_PROJECT_ID: 'prj_job' })
    const audit: AuditSettings = settings.audit!
    expect(audit).toEqual({ team: 'my-team', projects: [], keys: [], ignore: DEFAULT_IGNORE, maxAgeDays: 90, requireSensitive: true })
    expect(settings).toMatchObject({ mode: 'audit', projects: [] })
  })

  it('takes name as key patterns, projects only from the input, and an ignore list that replaces the default', () => {
    const raw = { mode: 'audit', 'vercel-token': TOKEN, name: 'STRIPE_*, *_SECRET\nDATABASE_URL', projects: 'web, api', ignore: 'MY_PUBLIC_*' }
    const { audit } = parseInputs(raw, { VERCEL_PROJECT_ID: 'prj_job', VERCEL_ORG_ID: 'team_1' }).settings
    expect(audit).toEqual({
      team: 'team_1',
      projects: ['web', 'api'],
      keys: ['STRIPE_*', '*_SECRET', 'DATABASE_URL'],
      ignore: ['MY_PUBLIC_*'],
      requireSensitive: false,
    })
  })

  it("reads the defaults: no age limit, readable secrets reported but not enforced, the frameworks' public prefixes ignored", () => {
    const { audit } = parseInputs({ mode: 'audit', 'vercel-token': TOKEN }).settings
    expect(audit).toEqual({ projects: [], keys: [], ignore: DEFAULT_IGNORE, requireSensitive: false })
    expect(DEFAULT_IGNORE).toEqual(['NEXT_PUBLIC_*', 'VITE_*', 'PUBLIC_*', 'NUXT_PUBLIC_*', 'EXPO_PUBLIC_*', 'REACT_APP_*', 'GATSBY_*'])
  })

  it('reads projects: * as the whole team', () => {
    expect(parseInputs({ mode: 'audit', 'vercel-token': TOKEN, projects: '*' }).settings.audit!.projects).toEqual([])
  })

  it('sets no audit settings in other modes', () => {
    expect(parseInputs(ok).settings.audit).toBeUndefined()
  })
})
