/** verify's judgements, beside what the results report: what serves each covered environment, and records never written. Pure. */
import type { Deployment, RollingRelease } from '../vercel/port.js'
import { RANK } from './results.js'
import type { EnvironmentPlan, ProjectPlan, ProjectResult } from './types.js'
import { judgeServing, type WrittenRecord } from './verify.js'
import { rolloutStage } from './wait/act.js'
import { advance, proofOf, type Rollout } from './wait/rollout.js'

/**
 * verify: a proof for each covered environment whose serving deployment postdates that project's own write
 * (`sinceOf`), else a stale verdict.
 */
export function verifyRollouts(
  projects: ProjectPlan[],
  sinceOf: (p: ProjectPlan) => number,
  rolling: Map<ProjectPlan, RollingRelease> = new Map(),
): Rollout[] {
  const out: Rollout[] = []
  const add = (p: ProjectPlan, kind: 'production' | 'custom', serving: Deployment | undefined, e?: EnvironmentPlan, rolledBack = false) => {
    if (!serving) return
    const rollout = kind === 'production' ? rolling.get(p) : undefined
    const v =
      rollout?.state === 'ACTIVE'
        ? {
            ok: false,
            reason: `A rolling release is in progress (${rolloutStage(rollout).stage}): part of production is still served by ${rollout.currentDeploymentId ?? 'the previous deployment'}. Verify again once it is complete.`,
          }
        : judgeServing(serving, sinceOf(p), rolledBack, kind === 'custom' ? `environment ${e!.slug}` : 'production')
    const r = proofOf(p, kind, serving, e)
    if (!v.ok) advance(r, 'failed', { reason: v.reason })
    out.push(r)
  }
  for (const p of projects) {
    if (p.covers.production) add(p, 'production', p.serving, undefined, p.rolledBack)
    for (const e of p.environments) add(p, 'custom', e.serving, e)
  }
  return out
}

/** verify: a project with a record the rotation never wrote still holds the old value there, whatever serves. */
export function withUnwritten(r: ProjectResult, unwritten: WrittenRecord[], rotatedAt: number): ProjectResult {
  if (unwritten.length === 0) return r
  const at = (t: number) => new Date(t).toISOString()
  const list = unwritten
    .map((x) => `${x.id} of ${x.key} (${x.updatedAt ? `last written ${at(x.updatedAt)}` : 'Vercel reports no write time'})`)
    .join(', ')
  const [record, predates, holds] = unwritten.length > 1 ? ['records', 'predate', 'they still hold'] : ['record', 'predates', 'it still holds']
  const note = `The value was not written here: ${record} ${list} ${predates} rotated-at (${at(rotatedAt)}), so ${holds} the old value. Re-run the rotation, then verify with its rotated-at.`
  const { revokeAfter: _, ...rest } = r
  return {
    ...rest,
    status: RANK.indexOf(r.status) < RANK.indexOf('stale') ? r.status : 'stale',
    note: r.note ? `${note} ${r.note}` : note,
    revokeReady: false,
  }
}
