/**
 * Which preview deployments to rebuild: per project, the newest READY preview of each git branch that the
 * rotated records apply to, deployed within the last 30 days, at most PREVIEWS_PER_PROJECT of them.
 * Older previews keep the old value; the summary counts them.
 */
import type { Deployment, VercelPort } from '../vercel/port.js'
import type { ProjectPlan } from './types.js'

export const PREVIEW_WINDOW_MS = 30 * 86_400_000
export const PREVIEWS_PER_PROJECT = 10

export interface PreviewChoice {
  rebuild: Deployment[]
  /** Previews in the window that are not rebuilt (older ones of a branch, or past the bound). */
  left: number
}

/** Pure: picks from one project's preview deployments. `branches` undefined means every branch. */
export function choosePreviews(previews: Deployment[], branches: Set<string> | undefined): PreviewChoice {
  const newestPerBranch = new Map<string, Deployment>()
  const applicable = previews.filter((d) => d.target === 'preview' && (!branches || (d.branch !== undefined && branches.has(d.branch))))
  for (const d of [...applicable].sort((a, b) => b.createdAt - a.createdAt)) {
    const branch = d.branch ?? `(no branch) ${d.id}`
    if (d.state === 'READY' && !newestPerBranch.has(branch)) newestPerBranch.set(branch, d)
  }
  const rebuild = [...newestPerBranch.values()].sort((a, b) => b.createdAt - a.createdAt).slice(0, PREVIEWS_PER_PROJECT)
  return { rebuild, left: applicable.length - rebuild.length }
}

/** The branches the rotated preview records apply to; undefined = all; empty = none (no preview record). */
export function previewBranches(records: { target: string[]; gitBranch?: string }[]): Set<string> | undefined {
  const preview = records.filter((r) => r.target.includes('preview'))
  if (preview.length === 0) return new Set()
  if (preview.some((r) => !r.gitBranch)) return undefined
  return new Set(preview.map((r) => r.gitBranch!))
}

/** Reads the previews of every project in batched list calls and fills `previews` and `previewsLeft`. */
export async function planPreviews(
  plans: ProjectPlan[],
  branchesOf: (p: ProjectPlan) => Set<string> | undefined,
  port: VercelPort,
  now: number,
): Promise<void> {
  const wanted = plans.filter((p) => branchesOf(p)?.size !== 0)
  if (wanted.length === 0) return
  const listed = await port.listDeployments({ projectIds: wanted.map((p) => p.id), since: now - PREVIEW_WINDOW_MS, target: 'preview' })
  for (const p of wanted) {
    const choice = choosePreviews(
      listed.filter((d) => d.projectId === p.id),
      branchesOf(p),
    )
    p.previews = choice.rebuild
    p.previewsLeft = choice.left
  }
}
