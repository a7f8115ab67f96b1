/**
 * Canaries: the first N affected projects are rebuilt and proven before any other is rebuilt, so a wrong value
 * costs one build, not one per project. Which projects they are, and what the rest are told when one fails.
 * Pure.
 */
import type { ProjectPlan } from './types.js'
import type { Rollout } from './wait/rollout.js'

/**
 * The canaries: the first `n` projects in the order `projects` named them, else (`*`, a team's links, a store) by
 * name, so a re-run picks the same ones.
 */
export function canaryProjects(projects: ProjectPlan[], n: number, named: boolean): Set<ProjectPlan> {
  if (n <= 0) return new Set()
  const ordered = named ? projects : [...projects].sort((a, b) => a.name.localeCompare(b.name))
  return new Set(ordered.slice(0, n))
}

/** How the note of a project a failed canary held back begins: the report tells such projects apart by it. */
export const HELD_BACK = 'Not redeployed: the canary'

/** In the note of a project held back behind a rebuild Vercel did not stage (see wait/create.ts). */
export const CANARY_OF_ONE = 'as a canary of one'

/** Why the rest were held back: the canaries that did not pass, by name, with the first one's reason. */
export function heldBackReason(canaryRollouts: Rollout[]): string | undefined {
  const bad = canaryRollouts.filter((r) => r.outcome !== 'serving')
  if (bad.length === 0) return undefined
  const names = [...new Set(bad.map((r) => r.project.name))]
  const first = bad[0]!
  const why = first.reason ? ` (${first.outcome}: ${first.reason})` : ` (${first.outcome})`
  return `${HELD_BACK} ${names.join(', ')} did not pass${why}. Fix that, then re-run: the canaries go first again, and the rest follow once they pass.`
}
