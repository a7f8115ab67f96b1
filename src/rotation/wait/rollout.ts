/**
 * The rollout record: one new deployment (or one proof of what already serves) and its life, as a small state
 * machine. Every change of phase goes through `advance`, which refuses a move the life does not have, so a new
 * stage (staged, promoting, rolling) is one more phase and its moves, not a flag read in five places.
 *
 *   creating -> building -> proving -> promoting -> rolling -> serving
 *        |           |          |  \---------------/-----------/
 *        \-> not-created, failed \-> unhealthy, failed (every phase after building can fail)
 *
 * A production rebuild created staged (promote: when-healthy) is proven at its own URL before it is promoted;
 * one that Vercel moved the domains to by itself is proven where it serves. A project with Rolling Releases
 * serves the new deployment fully only once its rollout is COMPLETE.
 */
import type { Deployment } from '../../vercel/port.js'
import type { EnvironmentPlan, ProjectPlan } from '../types.js'

export type RolloutKind = 'production' | 'custom' | 'preview'

export interface Rollout {
  project: ProjectPlan
  kind: RolloutKind
  /** The custom environment, for kind custom. */
  environment?: EnvironmentPlan
  /** The deployment rebuilt (or, for a proof of what already serves, that deployment). */
  source: Deployment
  deployment?: Deployment
  outcome: 'pending' | 'serving' | 'failed' | 'unhealthy' | 'not-created'
  /**
   * building: not yet READY (and serving, unless staged); proving: its health checks not yet passed; promoting:
   * proven and promoted, not yet confirmed serving; rolling: serving part of production in a rolling release.
   */
  stage: 'building' | 'proving' | 'promoting' | 'rolling'
  /** Created without the production domains (promote: when-healthy): promoted only once proven. */
  staged?: boolean
  /**
   * For a staged create, what Vercel's own answer shows: true when the create answered
   * `autoAssignCustomDomains: false` or the READY deployment is STAGED, false when either said it takes the
   * production domains by itself. Undefined until Vercel says. Containment is claimed only where it is true.
   */
  vercelStaged?: boolean
  /** Production domains have pointed at it: a visitor may have met its value. */
  exposed?: boolean
  /** Local epoch ms it was seen READY: how long its health checks may keep failing counts from here. */
  readySeenAt?: number
  /** The rolling release it is in, as last read: for the row, the log and the message at the timeout. */
  rollout?: { stage: string; approval?: string }
  /** Local epoch ms the rolling release is read next. */
  nextRolloutReadAt?: number
  /** Vercel queued its promotion (HTTP 202) behind the rolling release of this deployment: it has not begun. */
  queuedBehind?: string
  /** rolling-release: complete was sent. */
  completed?: boolean
  reason?: string
  /** We promoted our rebuild because Vercel staged it (after an Instant Rollback, or auto-assign off). */
  promoted?: boolean
  /** Epoch ms it was first seen serving. */
  servedAt?: number
  /** The last failed health-check answer, for the message at the timeout. */
  lastProbe?: { url: string; reason: string }
  /** on-unhealthy: rollback put production back on this (pre-rotation) deployment. */
  rolledBackTo?: string
  probes: number
  nextProbeAt: number
  /** Local epoch ms its create was answered (or the wait first saw it): when it is due counts from here. */
  seenAt?: number
  /** Local epoch ms its state was last asked for. */
  lastReadAt?: number
}

/** Where a rollout is in its life; derived from the record, never stored beside it. */
export type Phase = 'creating' | 'building' | 'proving' | 'promoting' | 'rolling' | 'serving' | 'failed' | 'unhealthy' | 'not-created'

export function phaseOf(r: Rollout): Phase {
  if (r.outcome !== 'pending') return r.outcome
  if (!r.deployment) return 'creating'
  return r.stage
}

const MOVES: Record<Phase, readonly Phase[]> = {
  creating: ['building', 'failed', 'not-created'],
  building: ['proving', 'failed'],
  proving: ['promoting', 'rolling', 'serving', 'unhealthy', 'failed'],
  promoting: ['rolling', 'serving', 'failed'],
  rolling: ['serving', 'failed'],
  serving: [],
  failed: [],
  unhealthy: [],
  'not-created': [],
}

/** The moves that end a rollout, and the one that starts proving it. `building` is entered by `created`. */
type Move = Exclude<Phase, 'creating' | 'building'>

const STAGES: readonly Phase[] = ['proving', 'promoting', 'rolling']

/**
 * Moves a rollout on; `reason` replaces the last one (undefined clears it). `at` is when it began to serve all
 * of what it is for: entering proving when its domains already point at it, else once promoted or rolled out.
 */
export function advance(r: Rollout, to: Move, o: { reason?: string; at?: number } = {}): void {
  const from = phaseOf(r)
  if (!MOVES[from].includes(to)) throw new Error(`${r.project.name}: a rollout cannot go from ${from} to ${to}.`)
  if (STAGES.includes(to)) r.stage = to as Rollout['stage']
  else r.outcome = to as Rollout['outcome']
  if (o.at !== undefined) r.servedAt ??= o.at
  if ('reason' in o) r.reason = o.reason
  notify(r)
}

/** Its create was answered: it is building from now. A staged create's answer says whether Vercel staged it. */
export function created(r: Rollout, deployment: Deployment, at: number): void {
  const from = phaseOf(r)
  if (from !== 'creating') throw new Error(`${r.project.name}: a rollout cannot be created while ${from}.`)
  r.deployment = deployment
  r.seenAt = at
  if (r.staged && deployment.autoAssignCustomDomains !== undefined) r.vercelStaged = !deployment.autoAssignCustomDomains
  notify(r)
}

/** What Vercel's READY answer shows of a staged create: staged (STAGED), or not (it took the domains by itself). */
export function stagingSeen(r: Rollout, staged: boolean): void {
  r.vercelStaged = staged
  notify(r)
}

// Whoever waits for a rollout to move on (a create held back behind it) is woken by each change, never polls.
const watchers = new WeakMap<Rollout, (() => void)[]>()

function notify(r: Rollout): void {
  const waiting = watchers.get(r)
  watchers.delete(r)
  for (const wake of waiting ?? []) wake()
}

/** Resolves at the rollout's next change: a phase, its create's answer, or what Vercel showed of its staging. */
export function changed(r: Rollout): Promise<void> {
  return new Promise((resolve) => watchers.set(r, [...(watchers.get(r) ?? []), resolve]))
}

/** A rollout that creates nothing: it proves a deployment that already serves (verify, already-current). */
export function proofOf(project: ProjectPlan, kind: RolloutKind, serving: Deployment, environment?: EnvironmentPlan): Rollout {
  return {
    project,
    kind,
    environment,
    source: serving,
    deployment: serving,
    outcome: 'pending',
    stage: 'proving',
    probes: 0,
    nextProbeAt: 0,
    servedAt: serving.readyAt ?? serving.createdAt,
  }
}

export function describe(r: Pick<Rollout, 'kind' | 'source' | 'environment'>): string {
  if (r.kind === 'custom') return `environment ${r.environment?.slug}`
  if (r.kind === 'preview') return `preview of ${r.source.branch ?? r.source.id}`
  return 'production'
}
