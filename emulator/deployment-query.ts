import type { Deployment } from './model.js'

export interface DeploymentFilter {
  projectIds?: string[]
  /** 'preview' selects deployments whose target is null, as Vercel does. */
  target?: string
  states?: string[]
  since?: number
  until?: number
  branch?: string
  sha?: string
  /** Production builds that Instant Rollback could point at. */
  rollbackCandidate?: boolean
  limit?: number
}

export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100

/**
 * GET /v7/deployments: newest first. Pages walk backwards in time: `next` is the createdAt of the last item when
 * more remain, and the caller passes it back as `until` (exclusive), which is why createdAt values are unique.
 */
export function queryDeployments(all: Iterable<Deployment>, filter: DeploymentFilter): { items: Deployment[]; next: number | null } {
  const matches: Deployment[] = []
  for (const d of all) {
    if (filter.projectIds && !filter.projectIds.includes(d.projectId)) continue
    if (filter.target === 'production' && d.target !== 'production') continue
    if (filter.target === 'preview' && d.target !== null) continue
    if (filter.states && !filter.states.includes(d.readyState)) continue
    if (filter.since !== undefined && d.createdAt <= filter.since) continue
    if (filter.until !== undefined && d.createdAt >= filter.until) continue
    if (filter.branch !== undefined && d.meta['githubCommitRef'] !== filter.branch) continue
    if (filter.sha !== undefined && d.meta['githubCommitSha'] !== filter.sha) continue
    if (filter.rollbackCandidate && !(d.target === 'production' && d.readyState === 'READY')) continue
    matches.push(d)
  }
  matches.sort((a, b) => b.createdAt - a.createdAt)
  const limit = Math.min(Math.max(1, filter.limit ?? DEFAULT_LIMIT), MAX_LIMIT)
  const items = matches.slice(0, limit)
  const last = items[items.length - 1]
  return { items, next: matches.length > limit && last ? last.createdAt : null }
}
