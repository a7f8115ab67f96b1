/** The schema of every input: its reader and its default, one line each, in action.yml's order. */
import * as z from 'zod/mini'
import { MODES } from '../rotation/settings.js'
import { apiUrl, bool, expectList, field, generate, healthChecks, integer, keyPatterns, keys, oneOf, redeploy, rotatedAt, targets } from './fields.js'

export const schema = z.object({
  /** Vercel access token; every mode but gate needs one (cross-check.ts). */
  'vercel-token': z.optional(z.string()),
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
  /** The value the variable held before, written back after a failed rotation (never quoted back). */
  'previous-value': z.optional(z.string()),
  /** audit: a secret older than this many days breaks the policy. */
  'max-age-days': z.optional(integer('max-age-days', 1, 3650, 'days', true)),
  /** audit: every readable secret breaks the policy. */
  'require-sensitive': z.optional(bool('require-sensitive')),
  /** audit: key patterns of public configuration; replaces the default list (src/audit/key-patterns.ts). */
  ignore: z.optional(keyPatterns('ignore')),
  /** gate: a directory or glob of result files. */
  results: z.optional(field((s) => s.trim())),
  /** gate: the legs' teams, as a list or a JSON array. */
  expect: z.optional(expectList),
})

/** The readers for a run in `mode`: in audit, `name` takes key patterns (`STRIPE_*`); everywhere else, exact keys. */
export function fieldsFor(mode: string | undefined): typeof schema.shape {
  return mode === 'audit' ? { ...schema.shape, name: z.optional(keyPatterns('name')) } : schema.shape
}

/** What parsed, input by input: an input that failed its own check is undefined. */
export type Parsed = Partial<z.infer<typeof schema>>
