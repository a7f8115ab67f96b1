/**
 * Which preview deployments to rebuild: per project, the newest READY preview of every git branch that the
 * rotated records apply to, when it was built within the last 30 days. There is no cap per project: a preview
 * left out would keep the old value while the verdict says "done", and the creates are already bounded where
 * it matters (max-parallel at once, the deployment quota stopping them with each one left named, plan counting
 * them beforehand). A branch whose newest preview is still building holds the verdict back: that build carries
 * the old value and takes the branch's URL once READY. Older branches are counted and named, not rebuilt.
 */
import type { Deployment, VercelPort } from '../vercel/port.js'
import type { ProjectPlan } from './types.js'
import { BUILDING_STATES, TEAM_LISTING_ABOVE } from './wait/read.js'

export const PREVIEW_WINDOW_MS = 30 * 86_400_000
/**
 * Previews built before the window that are read to be counted: they are never rebuilt, and a team's whole
 * history can hold tens of thousands, so past this many the count is a lower bound ("at least").
 */
export const OLDER_COUNTED = 1_000
/** Branches named in a result; the rest are counted. */
export const NAMED_BRANCHES = 20

export interface PreviewChoice {
  rebuild: Deployment[]
  /** READY previews in the window that are not rebuilt: older ones of a branch that is. */
  left: number
  /** Branches whose newest preview, in the window, was still building: it will carry the old value. */
  building: string[]
  /** READY previews built before the window: not rebuilt; they keep the old value. */
  older: number
  /** Branches whose newest READY preview was built before the window. */
  olderBranches: string[]
}

/** A preview's branch, or for one deployed without git, the deployment itself. */
const branchOf = (d: Deployment): string => d.branch ?? `(no branch) ${d.id}`

/**
 * Pure: picks from one project's preview deployments, read to their end. `branches` undefined means every
 * branch. A branch whose newest build failed still serves its newest READY preview at its URL: that one is rebuilt.
 */
export function choosePreviews(previews: Deployment[], branches: Set<string> | undefined, now: number): PreviewChoice {
  const windowStart = now - PREVIEW_WINDOW_MS
  const byBranch = new Map<string, Deployment[]>()
  for (const d of [...previews].sort((a, b) => b.createdAt - a.createdAt)) {
    if (d.target !== 'preview' || (branches && (d.branch === undefined || !branches.has(d.branch)))) continue
    const key = branchOf(d)
    byBranch.set(key, [...(byBranch.get(key) ?? []), d])
  }
  const choice: PreviewChoice = { rebuild: [], left: 0, building: [], older: 0, olderBranches: [] }
  for (const [branch, ds] of byBranch) {
    const ready = ds.filter((d) => d.state === 'READY')
    const recent = ready.filter((d) => d.createdAt >= windowStart)
    choice.older += ready.length - recent.length
    const newest = ds[0]!
    // A rebuild of ours still building is adopted by the wait, never held against the branch.
    if (BUILDING_STATES.includes(newest.state) && newest.createdAt >= windowStart && !newest.meta.rotationSource) {
      choice.building.push(branch)
      choice.left += recent.length
    } else if (recent.length > 0) {
      choice.rebuild.push(recent[0]!)
      choice.left += recent.length - 1
    } else if (ready.length > 0) {
      choice.olderBranches.push(branch)
    }
  }
  choice.rebuild.sort((a, b) => b.createdAt - a.createdAt)
  return choice
}

/** The branches the rotated preview records apply to; undefined = all; empty = none (no preview record). */
export function previewBranches(records: { target: string[]; gitBranch?: string }[]): Set<string> | undefined {
  const preview = records.filter((r) => r.target.includes('preview'))
  if (preview.length === 0) return new Set()
  if (preview.some((r) => !r.gitBranch)) return undefined
  return new Set(preview.map((r) => r.gitBranch!))
}

/**
 * Reads the previews of every project to the end of the listing (older ones are counted, so no `since`) in
 * batched list calls, and fills each plan's previews. `rebuilding` false (redeploy without preview): nothing is
 * chosen to rebuild, and every READY preview found is counted as keeping the old value.
 */
export async function planPreviews(
  plans: ProjectPlan[],
  branchesOf: (p: ProjectPlan) => Set<string> | undefined,
  port: VercelPort,
  now: number,
  rebuilding = true,
): Promise<void> {
  const wanted = plans.filter((p) => branchesOf(p)?.size !== 0)
  if (wanted.length === 0) return
  // The window is read to its end: a branch missed there keeps the old value. Older previews are only counted.
  const projectIds = wanted.map((p) => p.id)
  const windowStart = now - PREVIEW_WINDOW_MS
  // Past 20 projects (one filtered listing's most), the team's listing is read once instead of a request per 20.
  const wholeTeam = projectIds.length > TEAM_LISTING_ABOVE
  const recent = await port.listDeployments({ projectIds, wholeTeam, target: 'preview', since: windowStart })
  const before = await port.listDeployments({ projectIds, wholeTeam, target: 'preview', until: windowStart, max: OLDER_COUNTED })
  const capped = before.length >= OLDER_COUNTED
  const listed = [...recent, ...before.filter((d) => d.createdAt < windowStart)]
  for (const p of wanted) {
    const choice = choosePreviews(
      listed.filter((d) => d.projectId === p.id),
      branchesOf(p),
      now,
    )
    if (rebuilding) {
      p.previews = choice.rebuild
      p.previewsLeft = choice.left
      p.previewsBuilding = choice.building
    } else {
      p.previewsLeft = choice.left + choice.rebuild.length
    }
    p.previewsOlder = { count: choice.older, branches: choice.olderBranches, ...(capped ? { atLeast: true } : {}) }
  }
}
