/** The core's data: plans, results and the run around them. What the core is told lives in settings.ts. */
import type { Deployment, EnvRecord, NewRecord, SharedVariable } from '../vercel/port.js'
export type { Settings } from './settings.js'

export type ProjectStatus = 'redeployed' | 'already-current' | 'failed' | 'unhealthy' | 'skipped' | 'planned' | 'verified' | 'stale'

/** Which environments the rotated records reach in one project. */
export interface Coverage {
  production: boolean
  preview: boolean
  /** Custom environments (IDs) of this project that a rotated record covers. */
  customIds: string[]
}

/** A record as reported: ID, what it covers, and its type. Never its value. */
export interface RecordRef {
  id: string
  key: string
  targets: string[]
  type: string
  /** The comment written with the value (rotate), or that a rotate would write (plan): the user's text and the stamp. */
  comment?: string
  /** Why the comment carries no rotation stamp (its own text leaves no room); absent where it does. */
  unstamped?: string
}

/** A custom environment that a rotated record covers, and the deployment serving it. */
export interface EnvironmentPlan {
  id: string
  slug: string
  domains: string[]
  serving?: Deployment
  /** Why what serves it cannot be told (a host that resolves to nothing, hosts that disagree): holds the verdict back. */
  unknown?: string
  action: 'redeploy' | 'already-current' | 'skip'
  note?: string
}

export interface ProjectPlan {
  id: string
  name: string
  records: RecordRef[]
  /** The environments the rotated records reach in this project. */
  covers: Coverage
  environments: EnvironmentPlan[]
  /** The project's own automation bypass secret (masked when read); never reported. */
  bypass?: string
  /** Deployment Protection on its deployment URLs, as read; undefined when the read did not say. */
  protection?: { production: boolean; preview: boolean }
  /** A Trusted Sources rule for OIDC tokens exists; undefined when the read did not say. */
  trustedSources?: boolean
  skewMaxAgeMs?: number
  /** Epoch ms before which deployments have Skew Protection off. */
  skewBoundaryAt?: number
  /**
   * Creation time of the newest deployment built with the old value that Skew Protection may still serve to
   * pinned clients, where no rebuild names it (verify, already-current); undefined when none was found.
   */
  skewOldCreatedAt?: number
  /** Redeploys of this rotation made by an earlier attempt and still on their way: adopted, never rebuilt. */
  inFlight: Deployment[]
  /** Project scope: the project's own records to write. */
  writes: EnvRecord[]
  creates: NewRecord[]
  serving?: Deployment
  rolledBack: boolean
  rollingRelease: boolean
  /** The project's Ignored Build Step command: it may cancel redeploys of the same commit. */
  ignoreCommand?: string
  /** `enableAffectedProjectsDeployments`: Vercel may skip (cancel) a redeploy when nothing under the root changed. */
  skipsUnaffected?: boolean
  action: 'redeploy' | 'already-current' | 'skip'
  note?: string
  /** Preview deployments to rebuild (redeploy: preview). */
  previews: Deployment[]
  /** READY previews from the last 30 days that are not rebuilt and keep the old value. */
  previewsLeft: number
  /** Branches whose newest preview was still building when planned: it will carry the old value. */
  previewsBuilding: string[]
  /** READY previews built before the last 30 days (not rebuilt), and the branches whose newest one that is; undefined when not read. */
  /** Previews built before the window; `atLeast` when the history was read only in part (see OLDER_COUNTED). */
  previewsOlder?: { count: number; branches: string[]; atLeast?: boolean }
}

export interface Plan {
  projects: ProjectPlan[]
  /** Every key the plan touches: the named ones, or with `store` and no name, every variable the store provides. */
  keys: string[]
  /** Whether the run writes values (rotate, and a plan that previews one), or only redeploys and judges. */
  writes: boolean
  /** Team scope: the shared variable records to write. */
  shared: SharedVariable[]
  /** Epoch ms of the newest write of the value now in Vercel; undefined when a record is yet to be created. */
  valueUpdatedAt?: number
  /** Epoch ms of the earliest of those writes: when the write of the value now in Vercel began (rotated-at). */
  valueWrittenFrom?: number
  /** True when a previous attempt of this same workflow run already wrote the very values given. */
  alreadyWritten: boolean
  /** On a re-run whose earlier attempt wrote: whether Vercel holds the values given (kept) and the line saying so. */
  earlierWrite?: EarlierWriteOutcome
  warnings: string[]
}

/** A deployment as reported: never more than the summary and outputs show. */
export interface DeploymentRef {
  id: string
  url: string
  state: string
  /** Vercel's page for it (build logs), when Vercel reported one. */
  inspectorUrl?: string
}

export interface ProjectResult {
  id: string
  name: string
  records: RecordRef[]
  deployment?: DeploymentRef
  status: ProjectStatus
  note?: string
  /** Nothing in this project serves the old value any more (its new deployment serves, or it has no production). */
  revokeReady: boolean
  previews?: PreviewResult
  /** One entry per custom environment the rotated records cover. */
  environments?: EnvironmentResult[]
  /** Epoch ms from which revoking is safe for this project (last serving time plus any Skew Protection age). */
  revokeAfter?: number
  /** Production was rolled back to the pre-rotation deployment (on-unhealthy: rollback). */
  rolledBackTo?: string
  /**
   * Where a production rebuild that failed its proof stood: `contained` when it was never promoted (production
   * still serves `servingId`, built with the old value, and no visitor met the new one), else `reached`.
   */
  exposure?: { kind: 'contained' | 'reached'; servingId: string }
  /**
   * Its production rebuild was created staged (promote: when-healthy), but Vercel's answer showed it not staged:
   * it took the production domains by itself, before its checks. Never reported as contained.
   */
  notStaged?: boolean
  /** Its new deployment served production, but no longer did when read again before the verdict. */
  displaced?: boolean
}

export interface EnvironmentResult {
  slug: string
  deployment?: DeploymentRef
  status: ProjectStatus
  note?: string
}

export interface PreviewResult {
  rebuilt: number
  ready: number
  failed: number
  /** Previews from the last 30 days that were not rebuilt and still carry the old value. */
  notRebuilt: number
  /** READY previews built more than 30 days ago: not rebuilt, they keep the old value (they do not hold the verdict). */
  older: number
  /** The branches whose newest preview is older than 30 days (at most NAMED_BRANCHES). */
  olderBranches?: string[]
  /** The older previews were counted from part of the history: there are at least `older`. */
  olderAtLeast?: boolean
  /** Branches whose newest preview was still building: it carries the old value, so they hold the verdict back. */
  building?: string[]
}

/** What a re-run did about an earlier attempt's write of this workflow run. */
export interface EarlierWriteOutcome {
  /** Vercel already held exactly the values given, so nothing was written again; else they were written and every project rebuilt. */
  kept: boolean
  /** Which of the two happened, in words, for the log and the summary. */
  line: string
  /** The tag of the values given (kept only), carried on by the redeploys of this attempt. */
  tag?: string
}

export interface RunResult {
  projects: ProjectResult[]
  /** ISO time the value was written (or the value's updatedAt when nothing was written). */
  rotatedAt?: string
  written: boolean
  /** A re-run that found an earlier attempt's write: kept (not written again) or written again. */
  earlierWrite?: Omit<EarlierWriteOutcome, 'tag'>
  safeToRevoke: boolean
  /** ISO time from which revoking is safe; set only with safeToRevoke. */
  revokeAfter?: string
  /** Why the run failed as a whole (before or outside any one project). */
  error?: string
  warnings: string[]
  cancelled: boolean
  /** After a failed rotate: whether the previous value went back into the records, and why or why not. */
  restore?: RestoreOutcome
}

/** What a failed rotate did about the new, failing value still in the records it wrote. */
export interface RestoreOutcome {
  /**
   * restored: every record written holds the previous value again; failed: writing it back failed, in part or
   * whole; kept: some project serves the new value, so nothing was restored; unavailable: no previous value was
   * given; cancelled: the run stopped before its rebuilds were judged.
   */
  kind: 'restored' | 'failed' | 'kept' | 'unavailable' | 'cancelled'
  /** What happened and what it means for the next deployment, in words: for the log, the summary and the error. */
  line: string
  /** Projects serving a deployment built with the new value; the rest serve the old one (or nothing). */
  servingNew: string[]
  servingOld: string[]
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
