import type { Config } from '../inputs.js'
import type { Deployment, EnvRecord, NewRecord, SharedVariable } from '../vercel/port.js'

export type ProjectStatus = 'redeployed' | 'already-current' | 'failed' | 'skipped' | 'planned' | 'verified' | 'stale'

/** What the rotation settings need; a subset of Config so tests can build it by hand. */
export type Settings = Pick<
  Config,
  'scope' | 'team' | 'projects' | 'name' | 'value' | 'targets' | 'redeploy' | 'wait' | 'timeoutMs' | 'mode' | 'rotatedAt' | 'maxParallel' | 'createIfMissing' | 'type'
>

/** A record as reported: ID, what it covers, and its type. Never its value. */
export interface RecordRef {
  id: string
  targets: string[]
  type: string
}

export interface ProjectPlan {
  id: string
  name: string
  records: RecordRef[]
  /** Project scope: the project's own records to write. */
  writes: EnvRecord[]
  creates: NewRecord[]
  serving?: Deployment
  rolledBack: boolean
  rollingRelease: boolean
  action: 'redeploy' | 'already-current' | 'skip'
  note?: string
  /** Preview deployments to rebuild (redeploy: preview). */
  previews: Deployment[]
  /** Previews from the last 30 days that are not rebuilt and keep the old value. */
  previewsLeft: number
}

export interface Plan {
  projects: ProjectPlan[]
  /** Team scope: the shared variable records to write. */
  shared: SharedVariable[]
  /** Epoch ms of the newest write of the value now in Vercel; undefined when a record is yet to be created. */
  valueUpdatedAt?: number
  /** True when a previous attempt of this same workflow run already wrote the value. */
  alreadyWritten: boolean
  warnings: string[]
}

export interface ProjectResult {
  id: string
  name: string
  records: RecordRef[]
  deployment?: { id: string; url: string; state: string }
  status: ProjectStatus
  note?: string
  /** Nothing in this project serves the old value any more (its new deployment serves, or it has no production). */
  revokeReady: boolean
  previews?: PreviewResult
}

export interface PreviewResult {
  rebuilt: number
  ready: number
  failed: number
  /** Previews from the last 30 days that were not rebuilt and still carry the old value. */
  notRebuilt: number
}

export interface RunResult {
  projects: ProjectResult[]
  /** ISO time the value was written (or the value's updatedAt when nothing was written). */
  rotatedAt?: string
  written: boolean
  safeToRevoke: boolean
  /** Why the run failed as a whole (before or outside any one project). */
  error?: string
  warnings: string[]
  cancelled: boolean
}

/** Who and what started this run, for redeploy meta and the summary. */
export interface RunContext {
  repository?: string
  runId?: string
  runAttempt: number
  runUrl?: string
  actor?: string
  workflow?: string
  /** Unique per invocation: finds a redeploy whose answer was lost. */
  invocation: string
}

export interface Logger {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
}
