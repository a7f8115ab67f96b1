/**
 * From rollouts to what is reported: one result per project, one entry per covered custom environment, and
 * whether anything in the project still serves the old value. Pure.
 */
import type { Deployment } from '../vercel/port.js'
import type { Rollout } from './wait/rollout.js'
import { revokeAfter } from './health.js'
import { NAMED_BRANCHES } from './previews.js'
import type { DeploymentRef, EnvironmentResult, PreviewResult, ProjectPlan, ProjectResult, ProjectStatus, Settings } from './types.js'

interface Part {
  status: ProjectStatus
  ready: boolean
  exposure?: ProjectResult['exposure']
  note?: string
  deployment?: Deployment
  revokeAfter?: number
  /** It served, but the re-read before the verdict found something else serving. */
  displaced?: boolean
  /** Created staged, but Vercel did not stage it. */
  notStaged?: boolean
}

export const RANK: ProjectStatus[] = ['failed', 'unhealthy', 'stale', 'skipped', 'redeployed', 'verified', 'already-current', 'planned']
/** A deployment as the report shows it. */
export const deploymentRef = (d: Deployment | undefined): DeploymentRef | undefined =>
  d ? { id: d.id, url: d.url, state: d.state, ...(d.inspectorUrl ? { inspectorUrl: d.inspectorUrl } : {}) } : undefined

/** One covered environment (production or custom): its rollout if any, else what the plan decided. */
/** What the re-read before the verdict found, or what cannot be told: it outweighs what served once. */
function withHeld(x: Part, held: string | undefined, s: Settings): Part {
  if (!held || !x.ready) return x
  return {
    status: s.mode === 'verify' ? 'stale' : 'failed',
    ready: false,
    deployment: x.deployment,
    note: held,
    ...(x.deployment ? { displaced: true } : {}),
    ...(x.notStaged ? { notStaged: true } : {}),
  }
}

function part(
  action: ProjectPlan['action'],
  serving: Deployment | undefined,
  planNote: string | undefined,
  r: Rollout | undefined,
  p: ProjectPlan,
  s: Settings,
  now: number,
): Part {
  if (!r) {
    if (action === 'already-current') {
      return {
        status: 'already-current',
        ready: true,
        deployment: serving,
        note: 'Its serving deployment was built after the value was written.',
        revokeAfter: serving && revokeAfter(serving.readyAt ?? serving.createdAt, p.skewOldCreatedAt, p),
      }
    }
    // Nothing serves it (nothing holds the old value), or it was left on the old value by choice.
    return { status: 'skipped', ready: !serving, deployment: serving, note: planNote }
  }
  const verifying = s.mode === 'verify'
  const rebuilt = r.deployment !== r.source
  const d = r.deployment ?? serving
  const x = partOf(r, serving, p, s, now, verifying, rebuilt, d)
  if (!(r.staged && r.vercelStaged === false)) return x
  const said = `Vercel did not stage this rebuild although it was created staged (autoAssignCustomDomains: false): it took the production domains by itself, before its health checks.`
  return { ...x, notStaged: true, note: x.note ? `${said} ${x.note}` : said }
}

function partOf(
  r: Rollout,
  serving: Deployment | undefined,
  p: ProjectPlan,
  s: Settings,
  now: number,
  verifying: boolean,
  rebuilt: boolean,
  d: Deployment | undefined,
): Part {
  switch (r.outcome) {
    case 'serving': {
      // A rebuild names what it replaced; a proof of what already serves has the plan's search for it.
      const until = revokeAfter(r.servedAt ?? now, rebuilt ? r.source.createdAt : p.skewOldCreatedAt, p)
      if (verifying && until > now) {
        return {
          status: 'stale',
          ready: false,
          deployment: d,
          note: `Skew Protection keeps older deployments (with the old value) reachable for pinned clients until ${new Date(until).toISOString()}. Verify again after that time.`,
        }
      }
      const note = r.promoted ? `Promoted the rebuild of ${r.source.id} (production was staged).` : undefined
      return { status: verifying ? 'verified' : rebuilt ? 'redeployed' : 'already-current', ready: true, deployment: d, note, revokeAfter: until }
    }
    case 'failed':
      return { status: verifying ? 'stale' : 'failed', ready: false, deployment: d, note: r.reason }
    case 'unhealthy': {
      const back = r.rolledBackTo
        ? ` Production was rolled back to ${r.rolledBackTo}, the deployment that served before the rotation; Vercel now stages new production builds until the rollback is undone (promote a deployment to undo it).`
        : ''
      // In verify too: what serves was built after the write, so the new value is live there and failing. A
      // redeploy cannot mend that; only a new value can.
      const rebuiltProduction = r.kind === 'production' && rebuilt
      // Contained only where Vercel's own answer showed the rebuild staged (or promote: auto found it staged).
      const contained = rebuiltProduction && !r.exposed && (!r.staged || r.vercelStaged === true)
      const kept = contained ? ` Contained: production still serves ${r.source.id}, built with the old value; no visitor met the new value.` : ''
      const unshown =
        rebuiltProduction && !r.exposed && !contained
          ? ` It was never seen serving, but Vercel's answers did not show it staged, so it is not reported as contained.`
          : ''
      return {
        status: 'unhealthy',
        ready: false,
        deployment: d,
        ...(rebuiltProduction && (contained || r.exposed)
          ? { exposure: { kind: contained ? 'contained' : 'reached', servingId: r.rolledBackTo ?? (contained ? r.source.id : d!.id) } }
          : {}),
        note: `${r.reason ?? 'Its health check did not pass.'}${kept}${unshown}${back}`,
      }
    }
    case 'not-created':
      return { status: 'skipped', ready: false, deployment: serving, note: r.reason }
    default:
      return {
        status: 'redeployed',
        ready: false,
        deployment: d,
        note: s.wait ? 'Created; not yet serving when the run stopped.' : 'Created; not waited for (wait: false).',
      }
  }
}

/** `a, b, c and 4 more`. */
const named = (names: string[]): string => {
  const shown = names.slice(0, NAMED_BRANCHES).join(', ')
  return names.length > NAMED_BRANCHES ? `${shown} and ${names.length - NAMED_BRANCHES} more` : shown
}

/**
 * The previews of one project as reported, what holds the verdict back (a rebuild not READY, a branch whose
 * newest preview was still building) and, in words, what keeps the old value without holding it back.
 */
function previewsOf(p: ProjectPlan, previews: Rollout[]): { summary: PreviewResult; bad: Rollout[]; held: string[]; notes: string[] } {
  const older = p.previewsOlder ?? { count: 0, branches: [] }
  const summary: PreviewResult = {
    rebuilt: previews.filter((r) => r.deployment).length,
    ready: previews.filter((r) => r.outcome === 'serving').length,
    failed: previews.filter((r) => r.outcome === 'failed' || r.outcome === 'unhealthy').length,
    notRebuilt: p.previewsLeft + previews.filter((r) => r.outcome === 'not-created').length,
    older: older.count,
    ...(older.branches.length ? { olderBranches: older.branches.slice(0, NAMED_BRANCHES) } : {}),
    ...(older.atLeast ? { olderAtLeast: true } : {}),
    ...(p.previewsBuilding.length ? { building: p.previewsBuilding.slice(0, NAMED_BRANCHES) } : {}),
  }
  const notes: string[] = []
  if (p.previewsBuilding.length) {
    notes.push(
      `The newest preview of ${named(p.previewsBuilding)} was still building when the rotation began: it carries the old value and takes the branch's URL once READY. Re-run once it is READY: it is rebuilt then.`,
    )
  }
  if (older.count > 0) {
    const which = older.branches.length ? ` (newest on ${named(older.branches)})` : ''
    notes.push(
      `${older.count} preview deployment(s) built more than 30 days ago${which} were not rebuilt: they keep the old value and fail once it is revoked.`,
    )
  }
  return { summary, bad: previews.filter((r) => r.outcome !== 'serving'), held: p.previewsBuilding, notes }
}

/** Where an environment's verdict is kept: production by the project's ID, a custom environment beside it. */
export const heldKey = (projectId: string, environmentId?: string): string => (environmentId ? `${projectId}/${environmentId}` : projectId)

/**
 * `held`: environments that no longer serve what was proven, or whose serving deployment cannot be told, each with
 * its reason (keyed by heldKey): they hold the verdict back whatever their rollout says.
 */
export function projectResult(
  p: ProjectPlan,
  rollouts: Rollout[],
  s: Settings,
  now: number,
  held: ReadonlyMap<string, string> = new Map(),
): ProjectResult {
  const parts: Part[] = []
  let production: Part | undefined
  if (p.covers.production) {
    production = withHeld(
      part(
        p.action,
        p.serving,
        p.note,
        rollouts.find((r) => r.kind === 'production'),
        p,
        s,
        now,
      ),
      held.get(heldKey(p.id)),
      s,
    )
    parts.push(production)
  }
  const environments: EnvironmentResult[] = p.environments.map((e) => {
    const x = withHeld(
      part(
        e.action,
        e.serving,
        e.note,
        rollouts.find((r) => r.environment?.id === e.id),
        p,
        s,
        now,
      ),
      held.get(heldKey(p.id, e.id)) ?? e.unknown,
      s,
    )
    parts.push(x)
    return { slug: e.slug, deployment: deploymentRef(x.deployment), status: x.status, ...(x.note ? { note: x.note } : {}) }
  })
  const notes = [
    production?.note,
    ...environments.filter((e) => e.note && e.status !== 'already-current').map((e) => `Environment ${e.slug}: ${e.note}`),
  ]

  // An environment nothing serves is no news: it neither holds the verdict back nor sets the status.
  const telling = parts.filter((x) => !(x.status === 'skipped' && x.ready))
  let status: ProjectStatus = telling.length ? RANK.find((k) => telling.some((x) => x.status === k))! : 'skipped'
  let ready = parts.every((x) => x.ready)
  const previewRollouts = rollouts.filter((r) => r.kind === 'preview')
  let previews: PreviewResult | undefined
  if (s.redeploy.preview && s.mode !== 'verify') {
    const { summary, bad, held, notes: said } = previewsOf(p, previewRollouts)
    previews = summary
    if (status === 'skipped' && summary.rebuilt > 0 && parts.every((x) => x.ready)) status = 'redeployed'
    if (held.length > 0) ready = false
    notes.push(...said)
    if (bad.length > 0) {
      ready = false
      const worst = bad.find((r) => r.outcome === 'failed') ?? bad.find((r) => r.outcome === 'unhealthy')
      if (worst && RANK.indexOf(worst.outcome === 'failed' ? 'failed' : 'unhealthy') < RANK.indexOf(status))
        status = worst.outcome === 'failed' ? 'failed' : 'unhealthy'
      const first = bad[0]!
      const why = `Preview of ${first.source.branch ?? first.source.id}: ${first.reason ?? 'not READY yet.'}`
      notes.push(bad.length > 1 ? `${why} (${bad.length} previews not READY)` : why)
    }
  } else if (p.previewsOlder && p.previewsLeft + p.previewsOlder.count > 0 && s.mode !== 'verify') {
    // Previews not rebuilt (redeploy without preview) were counted: they keep the old value.
    const older = p.previewsOlder
    previews = {
      rebuilt: 0,
      ready: 0,
      failed: 0,
      notRebuilt: p.previewsLeft,
      older: older.count,
      ...(older.branches.length ? { olderBranches: older.branches.slice(0, NAMED_BRANCHES) } : {}),
      ...(older.atLeast ? { olderAtLeast: true } : {}),
    }
  }
  const served = [...parts.map((x) => x.revokeAfter ?? 0), ...previewRollouts.map((r) => (r.outcome === 'serving' ? (r.servedAt ?? 0) : 0))]
  const rolledBack = rollouts.find((r) => r.rolledBackTo)?.rolledBackTo
  const deployment = deploymentRef(production?.deployment ?? parts.find((x) => x.deployment)?.deployment)
  const note = notes.filter(Boolean).join(' ')
  return {
    id: p.id,
    name: p.name,
    records: p.records,
    deployment,
    status,
    ...(note ? { note } : {}),
    revokeReady: ready,
    ...(previews ? { previews } : {}),
    ...(p.environments.length ? { environments } : {}),
    ...(ready ? { revokeAfter: Math.max(0, ...served) || undefined } : {}),
    ...(rolledBack ? { rolledBackTo: rolledBack } : {}),
    ...(production?.exposure ? { exposure: production.exposure } : {}),
    ...(production?.displaced ? { displaced: true } : {}),
    ...(production?.notStaged ? { notStaged: true } : {}),
  }
}
