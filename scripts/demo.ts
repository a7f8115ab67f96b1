/**
 * `npm run demo`: a full rotation without a Vercel account. Starts the local emulator with a seeded team and
 * runs the bundled action (dist/index.js) the way the runner does, then prints its log, summary and outputs.
 */
import { startEmulator, seedDemo, seedProving } from '../emulator/index.js'
import { runAction } from './run-action.js'

const TOKEN = 'demotoken'
const emulator = await startEmulator({ token: TOKEN, buildMs: 2_000, queueMs: 300 })
seedProving(emulator.state, seedDemo(emulator.state))
// What an audit finds beside the rotations: a key still readable in production, and one nobody rotated in a year.
const DAY_MS = 86_400_000
emulator.state.addProjectEnv('web', {
  key: 'LEGACY_MAPS_KEY',
  value: 'maps-demo-key',
  type: 'encrypted',
  target: ['production', 'preview'],
  createdAt: Date.now() - 400 * DAY_MS,
  updatedAt: Date.now() - 400 * DAY_MS,
})
emulator.state.addProjectEnv('api', {
  key: 'WEBHOOK_SIGNING_SECRET',
  value: 'whsec-demo',
  type: 'sensitive',
  target: ['production'],
  comment: 'Signs outgoing webhooks',
  createdAt: Date.now() - 200 * DAY_MS,
  updatedAt: Date.now() - 200 * DAY_MS,
})
// The rest of web's and api's database credential: three variables that change together.
for (const project of ['web', 'api']) {
  for (const key of ['DATABASE_URL_UNPOOLED', 'PGPASSWORD']) {
    emulator.state.addProjectEnv(project, { key, value: `old-${key.toLowerCase()}`, type: 'sensitive', target: ['production', 'preview'] })
  }
}

/** The log as the Actions UI shows it: masks and debug lines are consumed by the runner, groups fold. */
function asTheRunnerShowsIt(stdout: string): string {
  return stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::') && !l.startsWith('::debug::') && l !== '::endgroup::')
    .map((l) =>
      l
        .replace(/^::group::/, '▸ ')
        .replace(/^::(error|warning)::/, (_, k: string) => `${k.toUpperCase()}: `)
        .replace(/%0A/g, '\n  '),
    )
    .join('\n')
    .trim()
}

async function show(
  title: string,
  inputs: Record<string, string>,
  o: { env?: Record<string, string>; expectFailure?: boolean } = {},
): Promise<boolean> {
  console.log(`\n\x1b[1m=== ${title} ===\x1b[0m\n`)
  const run = await runAction({
    inputs: { 'vercel-token': TOKEN, team: 'acme', 'api-url': emulator.url, ...inputs },
    env: o.env ?? {},
  })
  console.log(asTheRunnerShowsIt(run.stdout))
  console.log('\n\x1b[1m--- job summary (GITHUB_STEP_SUMMARY) ---\x1b[0m\n')
  console.log(run.summary.trim())
  console.log('\n\x1b[1m--- outputs (GITHUB_OUTPUT) ---\x1b[0m\n')
  for (const [k, v] of Object.entries(run.outputs)) console.log(`${k}=${v}`)
  console.log(`\nexit code: ${run.code}`)
  return o.expectFailure ? run.code === 1 : run.code === 0
}

// The deployments answer HTTP on the emulator's port; a real workflow would use `health-check: /api/health`.
const healthCheck = emulator.healthCheck('/api/health')
const NEW_DATABASE_URL = 'postgres://app:new-password@db.acme.internal:5432/app'

let ok = true
try {
  ok &&= await show('Plan: project-level DATABASE_URL in web and api (nothing is written)', {
    projects: 'web, api',
    name: 'DATABASE_URL',
    value: NEW_DATABASE_URL,
    mode: 'plan',
  })
  ok &&= await show('Rotate: DATABASE_URL in web (production and staging) and api, each new deployment health-checked', {
    projects: 'web, api',
    name: 'DATABASE_URL',
    value: NEW_DATABASE_URL,
    'health-check': healthCheck,
  })
  ok &&= await show(
    'Rotate: a credential of three variables in web and api, values from the step’s env, each project redeployed once and health-checked',
    { projects: 'web, api', name: 'DATABASE_URL, DATABASE_URL_UNPOOLED, PGPASSWORD', 'health-check': healthCheck },
    {
      env: {
        DATABASE_URL: 'postgres://app:pw-2026-12@pooler.acme.internal:5432/app',
        DATABASE_URL_UNPOOLED: 'postgres://app:pw-2026-12@db.acme.internal:5432/app',
        PGPASSWORD: 'pw-2026-12',
      },
    },
  )
  ok &&= await show('Rotate: team-level shared STRIPE_SECRET_KEY, every linked project', {
    scope: 'team',
    name: 'STRIPE_SECRET_KEY',
    value: 'sk_live_new_51Hx9demo',
  })
  ok &&= await show('Verify (what the revoke job runs first, after approval)', {
    scope: 'team',
    name: 'STRIPE_SECRET_KEY',
    mode: 'verify',
  })
  // The most common rotation failure: the new credential is wrong, or not yet active at the provider.
  const TYPO = 'postgres://app:typo-password@db.acme.internal:5432/app'
  emulator.state.rejectValue(TYPO)
  console.log('\n(The next run judges a failing health check health-timeout-minutes after READY: 0.2 here, 3 by default.)')
  // The value api's DATABASE_URL holds now, from the three-key run above: the secret that still holds it.
  const PREVIOUS = 'postgres://app:pw-2026-12@pooler.acme.internal:5432/app'
  ok &&= await show(
    'Rotate with a value the provider refuses: the staged rebuild fails its proof, is never promoted, and the previous value is written back',
    {
      projects: 'api',
      name: 'DATABASE_URL',
      value: TYPO,
      'previous-value': PREVIOUS,
      'health-check': healthCheck,
      'health-timeout-minutes': '0.2',
    },
    { expectFailure: true },
  )
  const served = emulator.state.wrongValueServedMs('api')
  const restored = emulator.state.projectEnvs('api').find((r) => r.key === 'DATABASE_URL')!.value === PREVIOUS
  console.log(
    `\nProduction served the wrong value for ${served / 1000} s: api still serves ${emulator.state.servingDeployment('api')!.uid}, built with the old value.`,
  )
  console.log(`api's DATABASE_URL holds the previous value again: ${restored ? 'yes' : 'no'}.`)
  ok &&= served === 0 && restored
  ok &&= await show(
    "Audit: what to rotate in team acme. Every record's metadata, no value read; the keys rotated above carry the action's stamp",
    { mode: 'audit', 'max-age-days': '90' },
    { expectFailure: true },
  )
  console.log(`\n${emulator.stats.total} requests reached the emulator.`)
} finally {
  await emulator.close()
}
process.exitCode = ok ? 0 : 1
