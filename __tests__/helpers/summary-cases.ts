/**
 * A representative set of job summaries: every shape a run can end in, built as RunResults the rotation core
 * produces. The summary tests check each one's structure, and scripts/screenshot-summary.ts renders them to PNGs.
 * Settings hold no secret by type: the summary is given none to show (the rotations against the emulator that
 * the summary tests also render are scanned for canaries).
 */
import { PlanError } from '../../src/rotation/plan.js'
import type { SummaryInput } from '../../src/report/summary.js'
import { gateVerdict } from '../../src/gate/verdict.js'
import type { GateSummaryInput } from '../../src/report/gate-summary.js'
import { RESULT_FORMAT, RESULT_VERSION, type ResultFile } from '../../src/report/result-file.js'
import type { ProjectResult, RunContext, RunResult, Settings } from '../../src/rotation/types.js'
import { judgeInventory } from '../../src/audit/findings.js'
import { DEFAULT_IGNORE } from '../../src/audit/key-patterns.js'
import type { AuditProject, AuditRecord, AuditSettings, Inventory } from '../../src/audit/types.js'
import type { AuditSummaryInput } from '../../src/report/audit-summary.js'
import { formatStamp } from '../../src/rotation/stamp.js'

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
/** Deployment IDs as long as Vercel's (dpl_ and 28 characters), different for every seed. */
export function dplId(seed: number): string {
  let x = (seed + 1) * 2654435761
  let id = ''
  for (let i = 0; i < 28; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    id += B62[x % 62]
  }
  return `dpl_${id}`
}

const T0 = Date.parse('2026-11-25T06:00:00.000Z')
const at = (ms: number) => new Date(T0 + ms).toISOString()

export const settingsOf = (over: Partial<Settings> = {}): Settings => ({
  scope: 'project',
  team: 'acme',
  projects: ['web', 'api', 'docs'],
  name: 'DATABASE_URL',
  keys: ['DATABASE_URL'],
  targets: 'all',
  redeploy: { production: true, preview: false, custom: true },
  wait: true,
  timeoutMs: 30 * 60_000,
  mode: 'rotate',
  maxParallel: 10,
  createIfMissing: false,
  type: 'sensitive',
  healthChecks: [],
  onUnhealthy: 'keep',
  promote: 'auto',
  healthTimeoutMs: 3 * 60_000,
  canary: 0,
  rollingRelease: 'wait',
  probeAuth: 'auto',
  ...over,
})

export const RUN: RunContext = {
  repository: 'acme/platform',
  runId: '4242',
  runAttempt: 1,
  runUrl: 'https://github.com/acme/platform/actions/runs/4242',
  actor: 'octocat',
  workflow: 'rotate',
  invocation: '4242.1.abcd1234',
}

let seq = 0
export function projectOf(name: string, over: Partial<ProjectResult> = {}): ProjectResult {
  const n = seq++
  return {
    id: `prj_${name.replace(/\W/g, '')}`,
    name,
    records: [{ id: `env_${name.replace(/\W/g, '')}_1`, key: 'DATABASE_URL', targets: ['production', 'preview'], type: 'sensitive' }],
    deployment: { id: dplId(n), url: `${name}-${dplId(n).slice(4, 13).toLowerCase()}-acme.vercel.app`, state: 'READY' },
    status: 'redeployed',
    revokeReady: true,
    revokeAfter: T0 + 30_000,
    ...over,
  }
}

function resultOf(projects: ProjectResult[], over: Partial<RunResult> = {}): RunResult {
  const safe = projects.length > 0 && projects.every((p) => p.revokeReady)
  return {
    projects,
    rotatedAt: at(0),
    written: true,
    safeToRevoke: safe,
    ...(safe ? { revokeAfter: at(Math.max(...projects.map((p) => (p.revokeAfter ?? T0) - T0))) } : {}),
    warnings: [],
    cancelled: false,
    ...over,
  }
}

const timing = (ms: number) => ({ startedAt: T0 - 5_000, elapsedMs: ms })

const SHARED = [{ id: 'env_shared_DbUrl01', key: 'DATABASE_URL', targets: ['production', 'preview'], type: 'sensitive' }]
const FAILED_BUILD = 'The build failed (ERROR). Vercel: Command "npm run build" exited with 1'
const TIMED_OUT = 'Not serving production before the timeout (state BUILDING). Raise timeout-minutes if builds take longer, then re-run: it resumes.'
const UNHEALTHY =
  'Its health check GET https://{url}/api/health did not pass (HTTP 500). The new value is live in production but not working: keep the old credential valid, fix the value (update the secret), then rotate again.'
const CONTAINED = (serving: string) =>
  `Its health check GET https://{url}/api/health still did not pass 180 s after it was READY (health-timeout-minutes) (HTTP 500). The new value is in the staged rebuild of production, which was never promoted, but not working: keep the old credential valid, fix the value (update the secret), then rotate again. Contained: production still serves ${serving}, built with the old value; no visitor met the new value.`
const HELD_BACK =
  'Not redeployed: the canary web did not pass (unhealthy: its health check still did not pass 180 s after it was READY). Fix that, then re-run: the canaries go first again, and the rest follow once they pass.'
const NOT_STAGED =
  'Vercel did not stage this rebuild although it was created staged (autoAssignCustomDomains: false): it took the production domains by itself, before its health checks.'
const NOT_STAGED_HELD =
  'Not redeployed: the canary web did not pass (unhealthy: its health check still did not pass 180 s after it was READY). Vercel did not stage its rebuild, so it went first alone, as a canary of one, and no other project was rebuilt. Fix that, then re-run: the first rebuild goes alone again, and the rest follow once it passes.'
const ROLLED_BACK = (to: string) =>
  `${UNHEALTHY} Production was rolled back to ${to}, the deployment that served before the rotation; Vercel now stages new production builds until the rollback is undone (promote a deployment to undo it).`

/** Forty projects of a team-level variable, three failed builds scattered at rows 5, 18 and 31, one unhealthy, custom environments on some. */
function forty(): SummaryInput {
  const names = ['storefront', 'checkout', 'admin-dashboard', 'marketing-site', 'api-gateway', 'docs', 'blog', 'status-page']
  const projects = Array.from({ length: 40 }, (_, i) => {
    const name = `${names[i % names.length]}-${String(i + 1).padStart(2, '0')}`
    const custom = i % 7 === 2 ? { environments: [{ slug: 'staging', status: 'redeployed' as const }] } : {}
    const base = { records: SHARED, ...custom }
    if (i === 4 || i === 17) return projectOf(name, { ...base, status: 'failed', revokeReady: false, note: FAILED_BUILD, revokeAfter: undefined })
    if (i === 30) return projectOf(name, { ...base, status: 'failed', revokeReady: false, note: TIMED_OUT, revokeAfter: undefined })
    if (i === 11) return projectOf(name, { ...base, status: 'unhealthy', revokeReady: false, note: UNHEALTHY, revokeAfter: undefined })
    if (i === 23)
      return projectOf(name, { ...base, status: 'already-current', note: 'Its serving deployment was built after the value was written.' })
    return projectOf(name, base)
  })
  for (const i of [4, 17, 30]) projects[i]!.deployment!.state = i === 30 ? 'BUILDING' : 'ERROR'
  return {
    name: 'DATABASE_URL',
    settings: settingsOf({ scope: 'team', projects: [], healthChecks: ['/api/health'] }),
    result: resultOf(projects),
    run: RUN,
    ...timing(252_000),
  }
}

/** The stamp a run of RUN writes at the summaries' time, and a record's comment with and without room for it. */
const STAMP_LINE = '[rotate-vercel-secret: rotated 2026-11-25T06:00:00Z by acme/platform run 4242]'
const stamped = (name: string, text: string) => ({
  id: `env_${name}_1`,
  key: 'DATABASE_URL',
  targets: ['production', 'preview'],
  type: 'sensitive',
  comment: text ? `${text} ${STAMP_LINE}` : STAMP_LINE,
})
const FULL_COMMENT = `${'Primary Postgres for checkout; owner: payments team; on-call: #payments-oncall. '.repeat(6)}`.slice(0, 480)
const unstamped = (name: string) => ({
  ...stamped(name, ''),
  comment: FULL_COMMENT,
  unstamped: `comment full: 480 of 500 characters are the comment's own text, and the stamp needs ${STAMP_LINE.length + 1}`,
})

export const CASES: Record<string, () => SummaryInput> = {
  unstamped: () => ({
    name: 'DATABASE_URL',
    settings: settingsOf(),
    result: resultOf([
      projectOf('web', { records: [stamped('web', 'Primary database, rotated quarterly')] }),
      projectOf('checkout-service', { records: [unstamped('checkout')] }),
      projectOf('docs', { records: [stamped('docs', '')] }),
    ]),
    run: RUN,
    ...timing(45_000),
  }),
  'rerun-kept': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf(),
    result: resultOf([projectOf('web', { status: 'already-current' }), projectOf('api')], {
      written: false,
      earlierWrite: {
        kept: true,
        line: 'Vercel already holds the value given (an earlier attempt of this workflow run wrote it): resuming without writing again.',
      },
    }),
    run: { ...RUN, runAttempt: 2 },
    ...timing(41_000),
  }),
  'rerun-written-again': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf(),
    result: resultOf([projectOf('web'), projectOf('api')], {
      earlierWrite: {
        kept: false,
        line: 'An earlier attempt of this workflow run wrote a different value: writing the value given and rebuilding every project.',
      },
    }),
    run: { ...RUN, runAttempt: 2 },
    ...timing(63_000),
  }),
  'success-3': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf(),
    result: resultOf([projectOf('web'), projectOf('api'), projectOf('docs')]),
    run: RUN,
    ...timing(48_200),
  }),
  'failures-40': forty,
  'team-scope': () => ({
    name: 'STRIPE_SECRET_KEY',
    settings: settingsOf({ scope: 'team', projects: [], name: 'STRIPE_SECRET_KEY' }),
    result: resultOf([
      projectOf('web', { records: SHARED, environments: [{ slug: 'staging', status: 'redeployed' }] }),
      projectOf('api', { records: SHARED }),
      projectOf('docs', { records: SHARED }),
    ]),
    run: { ...RUN, runAttempt: 2 },
    ...timing(71_000),
  }),
  'team-id': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ team: 'team_a1B2c3D4e5F6g7H8' }),
    result: resultOf([projectOf('web'), projectOf('api')]),
    run: RUN,
    ...timing(30_000),
  }),
  'team-id-inspector': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ team: 'team_a1B2c3D4e5F6g7H8' }),
    result: resultOf(
      ['web', 'api'].map((name) => {
        const p = projectOf(name)
        return { ...p, deployment: { ...p.deployment!, inspectorUrl: `https://vercel.com/acme/${name}/${p.deployment!.id.slice(4)}` } }
      }),
    ),
    run: RUN,
    ...timing(30_000),
  }),
  'several-keys': () => ({
    name: 'DATABASE_URL, DATABASE_URL_UNPOOLED, PGPASSWORD',
    settings: settingsOf({
      name: 'DATABASE_URL, DATABASE_URL_UNPOOLED, PGPASSWORD',
      keys: ['DATABASE_URL', 'DATABASE_URL_UNPOOLED', 'PGPASSWORD'],
      projects: ['web'],
    }),
    result: resultOf([
      projectOf('web', {
        records: [
          { id: 'env_web_1', key: 'DATABASE_URL', targets: ['production', 'preview'], type: 'sensitive' },
          { id: 'env_web_2', key: 'DATABASE_URL_UNPOOLED', targets: ['production', 'preview'], type: 'sensitive' },
          { id: 'env_web_3', key: 'PGPASSWORD', targets: ['production'], type: 'sensitive' },
        ],
      }),
    ]),
    run: RUN,
    ...timing(40_000),
  }),
  plan: () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ mode: 'plan' }),
    result: resultOf(
      [
        projectOf('web', {
          status: 'planned',
          revokeReady: false,
          note: `Would write 1 record(s), then redeploy production ${dplId(900)}.`,
          records: [stamped('web', 'Primary database, rotated quarterly')],
        }),
        projectOf('api', {
          records: [unstamped('api')],
          status: 'planned',
          revokeReady: false,
          note: `Would write 1 record(s), then redeploy production ${dplId(901)}, then redeploy environment staging (${dplId(902)}).`,
          environments: [{ slug: 'staging', status: 'planned' }],
        }),
        projectOf('docs', {
          records: [stamped('docs', '')],
          status: 'skipped',
          revokeReady: false,
          deployment: undefined,
          note: 'No deployment serves production: nothing holds the old value.',
        }),
      ],
      { rotatedAt: undefined, written: false, safeToRevoke: false },
    ),
    run: RUN,
    ...timing(2_100),
  }),
  'verify-stale': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ mode: 'verify', healthChecks: ['/api/health'] }),
    result: resultOf([
      projectOf('web', { status: 'verified' }),
      projectOf('api', {
        status: 'stale',
        revokeReady: false,
        note: `The deployment serving production was created before the value was written (2026-11-25T06:00:00.000Z); it still has the old value. Redeploy (mode: redeploy) or undo the rollback, then verify again.`,
      }),
      projectOf('docs', {
        status: 'stale',
        revokeReady: false,
        note: 'Skew Protection keeps older deployments (with the old value) reachable for pinned clients until 2026-11-26T06:02:00.000Z. Verify again after that time.',
      }),
    ]),
    run: RUN,
    ...timing(6_300),
  }),
  'rolled-back-mid-run': () => {
    const before = dplId(901)
    const rebuilt = dplId(902)
    return {
      name: 'DATABASE_URL',
      settings: settingsOf({ healthChecks: ['/api/health'] }),
      result: resultOf([
        projectOf('web', {
          status: 'failed',
          revokeReady: false,
          revokeAfter: undefined,
          displaced: true,
          deployment: { id: rebuilt, url: `web-${rebuilt.slice(4, 13).toLowerCase()}-acme.vercel.app`, state: 'READY' },
          note: `Production no longer serves ${rebuilt}: it now serves ${before}, created 2026-11-24T06:00:00.000Z, before the value was written, so it runs with the old value (an Instant Rollback, or an older build that took over, during the run). Decide what should serve, then re-run: it rebuilds what serves then.`,
        }),
        projectOf('api'),
        projectOf('docs'),
      ]),
      run: RUN,
      ...timing(95_000),
    }
  },
  'safe-after-skew': () => {
    const later = T0 + 24 * 3600_000
    return {
      name: 'DATABASE_URL',
      settings: settingsOf(),
      result: resultOf([projectOf('web', { revokeAfter: later }), projectOf('api')]),
      run: RUN,
      ...timing(50_000),
    }
  },
  refusal: () => ({
    name: 'STRIPE_SECRET_KEY',
    settings: settingsOf({ scope: 'team', projects: [], name: 'STRIPE_SECRET_KEY' }),
    error: new PlanError([
      'web: a project-level STRIPE_SECRET_KEY (env_web_9) shadows the shared variable for production; remove it or rotate it with scope: project.',
      'api: a project-level STRIPE_SECRET_KEY (env_api_4) shadows the shared variable for preview; remove it or rotate it with scope: project.',
    ]).message,
    run: RUN,
    ...timing(1_800),
  }),
  'input-error': () => ({
    name: 'DATABASE_URL',
    error:
      'Invalid inputs:\n- max-parallel: must be a whole number from 1 to 100, got "lots"\n- value: starts or ends with white space; remove it, or set allow-whitespace: true',
    ...timing(120),
  }),
  timeout: () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ healthChecks: ['/api/health'] }),
    result: resultOf([
      projectOf('web', {
        status: 'failed',
        revokeReady: false,
        note: TIMED_OUT,
        deployment: { id: dplId(50), url: 'web-x.vercel.app', state: 'BUILDING' },
      }),
      projectOf('api', {
        status: 'unhealthy',
        revokeReady: false,
        note: 'Its health check never passed before the timeout. (still failing at the timeout)',
      }),
      projectOf('docs'),
    ]),
    run: RUN,
    ...timing(30 * 60_000 + 4_000),
  }),
  cancelled: () => ({
    name: 'DATABASE_URL',
    settings: settingsOf(),
    result: resultOf(
      ['web', 'api', 'docs', 'admin', 'shop'].map((n) =>
        projectOf(n, { revokeReady: false, revokeAfter: undefined, note: 'Created; not yet serving when the run stopped.' }),
      ),
      { cancelled: true },
    ),
    run: RUN,
    ...timing(3_400),
  }),
  'wait-false': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ scope: 'team', projects: [], wait: false }),
    result: resultOf(
      Array.from({ length: 12 }, (_, i) =>
        projectOf(`site-${i + 1}`, { records: SHARED, revokeReady: false, revokeAfter: undefined, note: 'Created; not waited for (wait: false).' }),
      ),
    ),
    run: RUN,
    ...timing(9_000),
  }),
  rollback: () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ healthChecks: ['/api/health'], onUnhealthy: 'rollback' }),
    result: resultOf([
      projectOf('web', { status: 'unhealthy', revokeReady: false, note: ROLLED_BACK(dplId(700)), rolledBackTo: dplId(700), revokeAfter: undefined }),
      projectOf('api'),
    ]),
    run: RUN,
    ...timing(95_000),
  }),
  contained: () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ healthChecks: ['/api/health'], promote: 'when-healthy' }),
    result: resultOf([
      projectOf('web', {
        status: 'unhealthy',
        revokeReady: false,
        note: CONTAINED(dplId(800)),
        exposure: { kind: 'contained', servingId: dplId(800) },
        revokeAfter: undefined,
      }),
      projectOf('api', {
        status: 'unhealthy',
        revokeReady: false,
        note: CONTAINED(dplId(801)),
        exposure: { kind: 'contained', servingId: dplId(801) },
        revokeAfter: undefined,
      }),
      projectOf('docs', { status: 'already-current' }),
    ]),
    run: RUN,
    ...timing(212_000),
  }),
  /** promote: when-healthy, but Vercel did not stage the redeploy: the wrong value reached web alone, the rest were held back. */
  'not-staged': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ healthChecks: ['/api/health'], promote: 'when-healthy' }),
    result: resultOf([
      projectOf('web', {
        status: 'unhealthy',
        revokeReady: false,
        note: `${NOT_STAGED} ${UNHEALTHY}`,
        exposure: { kind: 'reached', servingId: dplId(830) },
        notStaged: true,
        revokeAfter: undefined,
      }),
      ...['api', 'docs'].map((name) =>
        projectOf(name, {
          status: 'skipped',
          revokeReady: false,
          note: NOT_STAGED_HELD,
          revokeAfter: undefined,
          deployment: { id: dplId(840 + name.length), url: `${name}-prod-acme.vercel.app`, state: 'READY' },
        }),
      ),
    ]),
    run: RUN,
    ...timing(96_000),
  }),
  /** Vercel did not stage the redeploys, but the value works: every project rebuilt, the first one alone first. */
  'not-staged-passed': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ healthChecks: ['/api/health'], promote: 'when-healthy' }),
    result: resultOf(['web', 'api', 'docs'].map((name) => projectOf(name, { note: NOT_STAGED, notStaged: true }))),
    run: RUN,
    ...timing(150_000),
  }),
  'rollout-approval': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ healthChecks: ['/api/health'], promote: 'when-healthy', timeoutMs: 30 * 60_000 }),
    result: resultOf([
      projectOf('web', {
        status: 'failed',
        revokeReady: false,
        note: 'Not serving production before the timeout (state READY/ROLLING). READY; its rolling release is at stage 1 of 3 (10% of traffic), waiting for approval: a project member approves the next stage in Vercel (the project > Rolling Releases), or re-run with rolling-release: complete: the old deployment still serves the rest of production. Raise timeout-minutes if builds take longer, then re-run: it resumes.',
        revokeAfter: undefined,
      }),
      projectOf('api'),
    ]),
    run: RUN,
    ...timing(1_800_000),
  }),
  'canary-failed': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ healthChecks: ['/api/health'], promote: 'when-healthy', canary: 1 }),
    result: resultOf([
      projectOf('web', {
        status: 'unhealthy',
        revokeReady: false,
        note: CONTAINED(dplId(810)),
        exposure: { kind: 'contained', servingId: dplId(810) },
        revokeAfter: undefined,
      }),
      ...['api', 'docs'].map((name) =>
        projectOf(name, {
          status: 'skipped',
          revokeReady: false,
          note: HELD_BACK,
          revokeAfter: undefined,
          deployment: { id: dplId(820 + name.length), url: `${name}-prod-acme.vercel.app`, state: 'READY' },
        }),
      ),
    ]),
    run: RUN,
    ...timing(200_000),
  }),
  /** canary: 1 with previous-value: the canary failed contained, and the previous value went back before anything else built. */
  restored: () => {
    const input = CASES['canary-failed']!()
    input.settings = settingsOf({ healthChecks: ['/api/health'], promote: 'when-healthy', canary: 1 })
    input.result!.restore = {
      kind: 'restored',
      line: 'Restored: DATABASE_URL holds the previous value again (3 record(s)); no later deployment builds with the failing one. No project serves the new value: each still serves its deployment built with the previous one.',
      servingNew: [],
      servingOld: ['web', 'api', 'docs'],
    }
    return input
  },
  /** Every rebuild contained, and no previous-value: the records still hold the failing value for the next git push. */
  'not-restored-warning': () => {
    const input = CASES.contained!()
    input.result!.projects = input.result!.projects.slice(0, 2)
    input.result!.restore = {
      kind: 'unavailable',
      line: '⚠️ DATABASE_URL still holds the new, failing value in Vercel: the next deployment of each project (a git push) will build with it and ship it. No project serves it yet. Set the previous value back in Vercel now, and pass previous-value (from the secret that still holds it) so that a failed rotation writes it back by itself.',
      servingNew: [],
      servingOld: ['web', 'api'],
    }
    return input
  },
  'verify-unhealthy': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf({ mode: 'verify', healthChecks: ['/api/health'] }),
    result: resultOf([
      projectOf('web', { status: 'verified' }),
      projectOf('api', {
        status: 'unhealthy',
        revokeReady: false,
        note: 'Its health check GET https://api-prod-acme.vercel.app/api/health still did not pass 180 s after it was READY (health-timeout-minutes) (HTTP 500). The new value is live in production (dpl_api) but not working: keep the old credential valid, fix the value (update the secret), then rotate again.',
        revokeAfter: undefined,
      }),
    ]),
    run: RUN,
    ...timing(190_000),
  }),
  'write-failed': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf(),
    error: 'Writing DATABASE_URL failed in api: HTTP 403 on PATCH /v9/projects/{id}/env/{envId}. Check the token has access to the project.',
    result: resultOf(
      [
        projectOf('web', {
          status: 'skipped',
          revokeReady: false,
          note: 'Value written; not redeployed because another write failed. A re-run writes again and redeploys.',
        }),
        projectOf('api', { status: 'failed', revokeReady: false, note: 'The value could not be written.' }),
      ],
      { written: true, safeToRevoke: false },
    ),
    run: RUN,
    ...timing(3_000),
  }),
  'previews-left': () => ({
    name: 'DATABASE_URL',
    settings: settingsOf(),
    result: resultOf([
      projectOf('web', { previews: { rebuilt: 0, ready: 0, failed: 0, notRebuilt: 5, older: 2, olderBranches: ['feature/old-ui', 'spike/db'] } }),
      projectOf('api', { previews: { rebuilt: 0, ready: 0, failed: 0, notRebuilt: 3, older: 0 } }),
    ]),
    run: RUN,
    ...timing(61_000),
  }),
  previews: () => ({
    name: 'AUTH_SECRET',
    settings: settingsOf({ name: 'AUTH_SECRET', redeploy: { production: true, preview: true, custom: true } }),
    result: resultOf([
      projectOf('web', {
        previews: { rebuilt: 4, ready: 4, failed: 0, notRebuilt: 2, older: 0 },
        environments: [
          { slug: 'staging', status: 'redeployed' },
          { slug: 'qa-europe-west', status: 'redeployed' },
        ],
      }),
      projectOf('api', {
        status: 'failed',
        revokeReady: false,
        previews: { rebuilt: 3, ready: 2, failed: 1, notRebuilt: 0, older: 0 },
        note: 'Preview of feature/login: The build failed (ERROR).',
      }),
    ]),
    run: undefined,
    ...timing(140_000),
  }),
}

/** One leg's result file, as a rotate leg of the several-teams workflow writes it. */
function legFile(team: string, projects: ResultFile['projects'], over: Partial<ResultFile> = {}): { path: string; text: string } {
  const safe = projects.every((p) => p.status === 'redeployed' || p.status === 'already-current')
  const file: ResultFile = {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    team,
    scope: 'team',
    keys: ['DATABASE_URL'],
    store: null,
    mode: 'rotate',
    safeToRevoke: safe,
    revokeAfter: safe ? at(6 * 60_000) : null,
    rotatedAt: at(0),
    projects,
    error: null,
    run: { repository: 'acme/platform', runId: '4242', runAttempt: 1, workflow: 'Rotate DATABASE_URL in every team' },
    ...over,
  }
  return { path: `results/rotation-${team}/rotate-vercel-secret-${team}-rotate-4242-1-ab12cd34.json`, text: JSON.stringify(file) }
}

const names = (prefix: string, n: number, status = 'redeployed') =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix}-${i + 1}`, id: `prj_${prefix}${i + 1}`, status }))

/** mode: gate summaries (src/report/gate-summary.ts): one row per leg, attention first. */
export const GATE_CASES: Record<string, () => GateSummaryInput> = {
  'gate-3-one-failing': () => ({
    gate: gateVerdict(
      [
        legFile('acme-marketing', names('site', 4)),
        legFile('acme-shop', [
          ...names('shop', 5),
          { name: 'checkout', id: 'prj_checkout', status: 'unhealthy' },
          { name: 'admin', id: 'prj_admin', status: 'failed' },
        ]),
        legFile('acme-docs', names('docs', 2), { run: { repository: 'acme/platform', runId: '4242', runAttempt: 2, workflow: 'Rotate' } }),
      ],
      ['acme-marketing', 'acme-shop', 'acme-docs'],
      '4242',
    ),
    elapsedMs: 1_200,
  }),
  'gate-3-safe': () => ({
    gate: gateVerdict(
      [legFile('acme-marketing', names('site', 4)), legFile('acme-shop', names('shop', 7)), legFile('acme-docs', names('docs', 2))],
      ['acme-marketing', 'acme-shop', 'acme-docs'],
      '4242',
    ),
    elapsedMs: 900,
  }),
  'gate-missing-leg': () => ({
    gate: gateVerdict(
      [legFile('acme-marketing', names('site', 4)), legFile('acme-shop', names('shop', 7))],
      ['acme-marketing', 'acme-shop', 'acme-docs'],
      '4242',
    ),
  }),
}

/** mode: audit: inventories as collect.ts reads them, judged at a fixed time. */
export const AUDIT_NOW = Date.parse('2026-12-07T07:00:00.000Z')
const DAY = 86_400_000
const ago = (days: number, hours = 0) => AUDIT_NOW - days * DAY - hours * 3_600_000

export const auditSettingsOf = (over: Partial<AuditSettings> = {}): AuditSettings => ({
  team: 'acme',
  keys: [],
  ignore: DEFAULT_IGNORE,
  requireSensitive: false,
  ...over,
})

export function auditRecordOf(over: Partial<AuditRecord> & Pick<AuditRecord, 'id' | 'key' | 'projectIds'>): AuditRecord {
  return {
    scope: 'project',
    type: 'sensitive',
    targets: ['production', 'preview'],
    customEnvironmentIds: [],
    securityIssues: [],
    createdAt: ago(400),
    updatedAt: ago(10),
    ...over,
  }
}

export const auditProjectOf = (name: string, over: Partial<AuditProject> = {}): AuditProject => ({
  id: `prj_${name.replace(/\W/g, '')}`,
  name,
  production: { deploymentId: dplId(name.length * 7919 + name.charCodeAt(0)), createdAt: ago(1), url: `${name}-k3x9q2-acme.vercel.app` },
  customEnvironments: [],
  ...over,
})

const stampOf = (days: number, run = 4100 + days) =>
  formatStamp({ at: new Date(ago(days)), repository: 'acme/platform', runId: String(run), runAttempt: 1 })

/** A team of 60 projects as it grows: a shared database URL rotated by this action, old keys nobody rotated, readable ones. */
function team60(): Inventory {
  const areas = ['store', 'billing', 'auth', 'search', 'media', 'support', 'growth', 'data', 'mobile', 'partner', 'labs', 'status']
  const kinds = ['web', 'api', 'worker', 'admin', 'docs']
  const projects = areas
    .flatMap((a) => kinds.map((k) => `${a}-${k}`))
    .map((name, i) =>
      auditProjectOf(name, {
        // Three projects still serve a build from before the last rotation of the shared database URL.
        production: {
          deploymentId: dplId(1000 + i),
          createdAt: [7, 19, 33].includes(i) ? ago(31, 4) : ago(i % 9),
          url: `${name}-${dplId(1000 + i)
            .slice(4, 10)
            .toLowerCase()}-acme.vercel.app`,
        },
        customEnvironments:
          i % 10 === 0
            ? [{ id: `env_stg${i}`, slug: 'staging', serving: { deploymentId: dplId(2000 + i), createdAt: i === 20 ? ago(6) : ago(0, 3) } }]
            : [],
      }),
    )
  const ids = projects.map((p) => p.id)
  const records: AuditRecord[] = [
    auditRecordOf({
      id: 'env_sh_database_url',
      key: 'DATABASE_URL',
      scope: 'shared',
      projectIds: ids.slice(0, 40),
      comment: `Neon main branch ${stampOf(30)}`,
      updatedAt: ago(30),
      editedBy: 'platform-bot',
    }),
    auditRecordOf({
      id: 'env_sh_stripe',
      key: 'STRIPE_SECRET_KEY',
      scope: 'shared',
      type: 'encrypted',
      projectIds: ids.filter((_, i) => i % 5 < 2).slice(0, 12),
      updatedAt: ago(212),
      editedBy: 'Dana Ortiz',
      securityIssues: ['readable-secret'],
    }),
    auditRecordOf({
      id: 'env_sh_sentry',
      key: 'SENTRY_AUTH_TOKEN',
      scope: 'shared',
      projectIds: ids,
      updatedAt: ago(120),
      editedBy: 'Dana Ortiz',
      allCustomEnvironments: true,
    }),
    auditRecordOf({ id: 'env_sh_public_dsn', key: 'NEXT_PUBLIC_SENTRY_DSN', scope: 'shared', type: 'plain', projectIds: ids, updatedAt: ago(300) }),
  ]
  projects.forEach((p, i) => {
    const short = p.name.replace(/\W/g, '')
    const kind = p.name.split('-').pop()
    records.push(
      auditRecordOf({
        id: `env_${short}_auth`,
        key: 'AUTH_SECRET',
        projectIds: [p.id],
        ...(i % 2 ? { comment: stampOf(10 + (i % 50)), updatedAt: ago(10 + (i % 50)) } : { updatedAt: ago(20 + ((i * 37) % 300)) }),
      }),
    )
    if (kind === 'web')
      records.push(auditRecordOf({ id: `env_${short}_api_url`, key: 'NEXT_PUBLIC_API_URL', type: 'plain', projectIds: [p.id], updatedAt: ago(200) }))
    if (kind === 'worker')
      records.push(
        auditRecordOf({
          id: `env_${short}_cron`,
          key: 'CRON_SECRET',
          type: 'encrypted',
          targets: ['production'],
          projectIds: [p.id],
          updatedAt: ago(45),
        }),
      )
    if (kind === 'api' && i % 3 === 0)
      records.push(
        auditRecordOf({
          id: `env_${short}_resend`,
          key: 'RESEND_API_KEY',
          type: 'encrypted',
          targets: ['preview'],
          projectIds: [p.id],
          updatedAt: ago(15),
        }),
      )
    if (kind === 'admin')
      records.push(
        auditRecordOf({
          id: `env_${short}_debug`,
          key: 'DEBUG_TOKEN',
          type: 'encrypted',
          targets: ['development'],
          projectIds: [p.id],
          updatedAt: ago(500),
        }),
      )
    if (p.customEnvironments.length)
      records.push(
        auditRecordOf({
          id: `env_${short}_flags`,
          key: 'FLAGS_SECRET',
          targets: [],
          customEnvironmentIds: [p.customEnvironments[0]!.id],
          projectIds: [p.id],
          updatedAt: ago(2),
        }),
      )
    if (i >= 44 && i < 52) {
      for (const key of ['POSTGRES_URL', 'POSTGRES_PASSWORD'])
        records.push(
          auditRecordOf({
            id: `env_${short}_${key.toLowerCase()}`,
            key,
            type: 'encrypted',
            projectIds: [p.id],
            updatedAt: ago(200),
            managedBy: { storeId: 'store_neon8Kq2', integrationId: 'oac_neon' },
          }),
        )
    }
  })
  // Two projects keep a database URL of their own in production: the shared one never reaches them there.
  records.push(
    auditRecordOf({ id: 'env_storeweb_db', key: 'DATABASE_URL', targets: ['production'], projectIds: [projects[0]!.id], updatedAt: ago(90) }),
  )
  records.push(
    auditRecordOf({
      id: 'env_billingapi_db',
      key: 'DATABASE_URL',
      targets: ['production', 'preview'],
      projectIds: [projects[6]!.id],
      updatedAt: ago(400),
      editedBy: 'Sam Lee',
    }),
  )
  return { team: 'acme', projects, records, gaps: ['custom environment staging of labs-web: no host resolves'], requests: 214 }
}

/** A small team whose secrets are sensitive and rotated: the policy holds, two findings are only reported. */
function smallTeam(): Inventory {
  const projects = ['web', 'api', 'docs', 'admin', 'shop'].map((n) => auditProjectOf(n))
  const ids = projects.map((p) => p.id)
  return {
    team: 'acme',
    projects,
    records: [
      auditRecordOf({ id: 'env_sh_db', key: 'DATABASE_URL', scope: 'shared', projectIds: ids, comment: stampOf(12), updatedAt: ago(0, 2) }),
      auditRecordOf({
        id: 'env_shop_db',
        key: 'DATABASE_URL',
        targets: ['preview'],
        projectIds: [projects[4]!.id],
        comment: stampOf(40),
        updatedAt: ago(40),
      }),
      ...projects.map((p) =>
        auditRecordOf({ id: `env_${p.name}_auth`, key: 'AUTH_SECRET', projectIds: [p.id], comment: stampOf(20), updatedAt: ago(20) }),
      ),
      auditRecordOf({ id: 'env_web_public', key: 'NEXT_PUBLIC_SITE_URL', type: 'plain', projectIds: [projects[0]!.id], updatedAt: ago(100) }),
    ],
    gaps: [],
    requests: 12,
  }
}

export const AUDIT_CASES: Record<string, () => AuditSummaryInput> = {
  'audit-team-60': () => {
    const settings = auditSettingsOf({ maxAgeDays: 90, requireSensitive: true })
    return { result: judgeInventory(team60(), settings, AUDIT_NOW), settings, run: RUN, startedAt: AUDIT_NOW, elapsedMs: 14_200 }
  },
  'audit-team-60-no-policy': () => {
    const settings = auditSettingsOf()
    return { result: judgeInventory(team60(), settings, AUDIT_NOW), settings, run: RUN, startedAt: AUDIT_NOW, elapsedMs: 13_900 }
  },
  'audit-holds': () => {
    const settings = auditSettingsOf({ maxAgeDays: 90, requireSensitive: true })
    return { result: judgeInventory(smallTeam(), settings, AUDIT_NOW), settings, run: RUN, startedAt: AUDIT_NOW, elapsedMs: 1_300 }
  },
  'audit-error': () => ({
    settings: auditSettingsOf({ maxAgeDays: 90 }),
    error: 'Team acme: HTTP 403 from GET /v10/projects: the token cannot read this team. Give it access to acme, or set team to a team it can read.',
    run: RUN,
    startedAt: AUDIT_NOW,
    elapsedMs: 800,
  }),
}
