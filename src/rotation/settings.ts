/**
 * What the rotation core needs to know, in its own words. The shell (src/inputs.ts) maps the action's inputs onto
 * these; the core never reads an input. No secret is a setting: the token, the value, the previous value and the
 * bypass secret travel apart (Secrets), so settings can be logged and reported as they are.
 */
import type { AuditSettings } from '../audit/types.js'
import type { Generate } from './credential.js'

export const MODES = ['rotate', 'plan', 'verify', 'redeploy', 'audit', 'gate'] as const
export type Mode = (typeof MODES)[number]

export interface Settings {
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
  /** Paths or `{url}` templates every new deployment must answer with a 2xx. */
  healthChecks: string[]
  onUnhealthy: 'keep' | 'rollback'
  /** when-healthy: production rebuilds are created staged and promoted once proven; auto: Vercel promotes them. */
  promote: 'when-healthy' | 'auto'
  /** How long a READY deployment may keep failing its health checks before it is unhealthy. */
  healthTimeoutMs: number
  /** Projects proven first, before any other is rebuilt. */
  canary: number
  rollingRelease: 'wait' | 'complete'
  /** How health checks pass Deployment Protection. */
  probeAuth: 'auto' | 'bypass' | 'oidc' | 'none'
  /** gate: a directory (searched recursively) or glob of the legs' result files. */
  results?: string
  /** gate: the team of every leg that must be present, as each leg was given it. */
  expect?: string[]
  /** audit: what to read and how to judge it; set in mode audit only. */
  audit?: AuditSettings
}

/** The run's secrets, never a part of Settings: masked the moment they are read, and never logged or reported. */
export interface Secrets {
  token: string
  /** The new value, for one key; several keys read theirs from the step's environment. */
  value?: string
  /** The protection-bypass input. */
  protectionBypass?: string
  /** previous-value: what the variable held before, for one key; several keys read `<KEY>_PREVIOUS` from the environment. */
  previousValue?: string
}
