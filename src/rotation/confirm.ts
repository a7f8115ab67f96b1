/**
 * The verdict is taken from what serves at the end, not from what served once. Before safe-to-revoke is set, what
 * serves production and each covered custom environment is read again, in batches: an Instant Rollback by anyone
 * during the run, a domain moved, or an older build that took over holds the verdict back, with the reason.
 * `readySubstate: PROMOTED` and `aliasAssigned` tell that a deployment served once, never that it serves now.
 */
import type { Deployment, VercelPort } from '../vercel/port.js'
import { servingOf } from './environments.js'
import { checksVerdict } from './health.js'
import { heldKey } from './results.js'
import { hostsNow, productionNow } from './serving-now.js'
import type { EnvironmentPlan, Plan, ProjectPlan } from './types.js'
import { mapLimit } from './parallel.js'
import { waitUntilServing, type WaitOptions } from './wait/loop.js'
import { proofOf, type Rollout } from './wait/rollout.js'

/** An environment judged to serve the new value, and the deployment it was judged on. */
export interface Expected {
  project: ProjectPlan
  environment?: EnvironmentPlan
  deployment: Deployment
}

export interface Reread {
  /** Environments that hold the verdict back, keyed by heldKey, each with its reason. */
  held: Map<string, string>
  /** Environments where a later deployment, built after the write, serves now: it carries the new value but is unproven. */
  replaced: { expected: Expected; now: Deployment }[]
}

/** Every covered environment judged ready: its rollout serves, or it was already current and needed no proof. */
export function expectations(plan: Plan, rollouts: Rollout[]): Expected[] {
  const out: Expected[] = []
  const judged = (r: Rollout | undefined, action: ProjectPlan['action'], serving: Deployment | undefined) =>
    r ? (r.outcome === 'serving' ? r.deployment : undefined) : action === 'already-current' ? serving : undefined
  for (const p of plan.projects) {
    const mine = rollouts.filter((r) => r.project === p)
    if (p.covers.production) {
      const d = judged(
        mine.find((r) => r.kind === 'production'),
        p.action,
        p.serving,
      )
      if (d) out.push({ project: p, deployment: d })
    }
    for (const e of p.environments) {
      const d = judged(
        mine.find((r) => r.environment?.id === e.id),
        e.action,
        e.serving,
      )
      if (d) out.push({ project: p, environment: e, deployment: d })
    }
  }
  return out
}

const where = (x: Expected) => (x.environment ? `Environment ${x.environment.slug}` : 'Production')

/** Whether a deployment found serving instead carries the new value and serves fully: built after the write, READY, promoted. */
const carriesNewValue = (d: Deployment, since: number) =>
  d.createdAt > since && d.state === 'READY' && d.substate !== 'STAGED' && d.substate !== 'ROLLING' && checksVerdict(d) === 'passed'

function judgeNow(x: Expected, now: Deployment | undefined, sinceOf: (p: ProjectPlan) => number, out: Reread): void {
  const since = sinceOf(x.project)
  const key = heldKey(x.project.id, x.environment?.id)
  if (now?.id === x.deployment.id) return
  if (!now) {
    out.held.set(
      key,
      `${where(x)} no longer serves ${x.deployment.id}: Vercel names no deployment serving it now. Find out what happened in Vercel, then re-run.`,
    )
    return
  }
  if (carriesNewValue(now, since)) return void out.replaced.push({ expected: x, now })
  const built = new Date(now.createdAt).toISOString()
  out.held.set(
    key,
    now.createdAt <= since
      ? `${where(x)} no longer serves ${x.deployment.id}: it now serves ${now.id}, created ${built}, before the value was written, so it runs with the old value (an Instant Rollback, or an older build that took over, during the run). Decide what should serve, then re-run: it rebuilds what serves then.`
      : `${where(x)} no longer serves ${x.deployment.id}: it now serves ${now.id}, built after the write but not serving fully yet (${now.state}${now.substate ? `/${now.substate}` : ''}). Verify again once it serves.`,
  )
}

/** Reads once more what serves each expected environment; a read that fails holds them all back. */
export async function reread(expected: Expected[], port: VercelPort, sinceOf: (p: ProjectPlan) => number): Promise<Reread> {
  const out: Reread = { held: new Map(), replaced: [] }
  if (expected.length === 0) return out
  try {
    const production = expected.filter((x) => !x.environment)
    const serving = await productionNow([...new Set(production.map((x) => x.project.id))], port)
    for (const x of production) judgeNow(x, serving.get(x.project.id), sinceOf, out)
    await mapLimit(
      expected.filter((x) => x.environment),
      8,
      async (x) => {
        const e = x.environment!
        const { serving: now, unknown } = servingOf(x.project, e, await hostsNow(e.domains, port))
        if (unknown) out.held.set(heldKey(x.project.id, e.id), unknown)
        else judgeNow(x, now, sinceOf, out)
      },
    )
  } catch (err) {
    const why = `What serves it could not be read again before the verdict (${(err as Error).message}); re-run, or verify later.`
    for (const x of expected) out.held.set(heldKey(x.project.id, x.environment?.id), why)
  }
  return out
}

/**
 * The re-read, and the proof of any later deployment found serving instead (health checks set): what holds the
 * verdict back, keyed by heldKey. Logged, so the log says why a verdict that looked won is not.
 */
export async function confirmServing(
  plan: Plan,
  rollouts: Rollout[],
  port: VercelPort,
  sinceOf: (p: ProjectPlan) => number,
  o: WaitOptions,
): Promise<Map<string, string>> {
  const { held, replaced } = await reread(expectations(plan, rollouts), port, sinceOf)
  for (const [key, why] of held) o.log.warning(`${plan.projects.find((p) => key.split('/')[0] === p.id)?.name ?? key}: ${why}`)
  if (replaced.length === 0) return held
  const proofs = replaced.map(({ expected: x, now }) => proofOf(x.project, x.environment ? 'custom' : 'production', now, x.environment))
  for (const { expected: x, now } of replaced) {
    o.log.info(
      `${x.project.name}: ${where(x).toLowerCase()} now serves ${now.id}, built after the write (a later build took over from ${x.deployment.id}).`,
    )
  }
  // Without health checks this is judged on its state alone, at once.
  await waitUntilServing(proofs, port, o)
  proofs.forEach((r, i) => {
    if (r.outcome === 'serving') return
    const x = replaced[i]!.expected
    held.set(
      heldKey(x.project.id, x.environment?.id),
      `${where(x)} now serves ${r.deployment!.id}, a later build that took over from ${x.deployment.id} during the run, and it is not proven: ${r.reason ?? 'its health check did not pass'}`,
    )
  })
  return held
}
