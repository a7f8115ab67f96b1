import type { Deployment } from './model.js'

export interface BuildSettings {
  buildMs: number
  queueMs: number
  /** Per team, as Vercel's concurrent-build limit is per plan/team. */
  concurrentBuilds: number
}

export interface BuildEvent {
  at: number
  kind: 'start' | 'finish'
  deployment: Deployment
}

/**
 * The earliest build transition that can happen after `cursor`, given the deployments that are still moving.
 * Finishes win ties so that a slot freed at t is available to a build starting at t.
 */
export function nextBuildEvent(active: Iterable<Deployment>, settings: BuildSettings, cursor: number): BuildEvent | undefined {
  let best: BuildEvent | undefined
  const consider = (candidate: BuildEvent): void => {
    if (!best || candidate.at < best.at || (candidate.at === best.at && candidate.kind === 'finish' && best.kind === 'start')) {
      best = candidate
    }
  }

  const building = new Map<string, number>()
  const oldestQueued = new Map<string, Deployment>()
  for (const d of active) {
    if (d.readyState === 'BUILDING') {
      building.set(d.teamId, (building.get(d.teamId) ?? 0) + 1)
      if (d.failure !== 'HANG') {
        consider({ at: Math.max((d.buildingAt ?? cursor) + settings.buildMs, cursor), kind: 'finish', deployment: d })
      }
    } else if (d.readyState === 'QUEUED') {
      const first = oldestQueued.get(d.teamId)
      if (!first || d.createdAt < first.createdAt) oldestQueued.set(d.teamId, d)
    }
  }

  for (const [teamId, d] of oldestQueued) {
    if ((building.get(teamId) ?? 0) >= settings.concurrentBuilds) continue
    consider({ at: Math.max(d.createdAt + settings.queueMs, cursor), kind: 'start', deployment: d })
  }
  return best
}
