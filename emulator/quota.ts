import { ApiError } from './errors.js'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Vercel's "Deployments Created per Day" quota (Hobby: 100): past it, creates answer 402.
 * `recent` holds the team's creation times and is pruned and appended in place.
 */
export function takeDeploymentQuota(recent: number[], total: number, now: number): void {
  const windowStart = now - DAY_MS
  const kept = recent.filter((at) => at > windowStart)
  recent.splice(0, recent.length, ...kept)
  if (recent.length < total) {
    recent.push(now)
    return
  }
  throw new ApiError(
    402,
    'api-deployments-free-per-day',
    `Resource is limited - try again in 24 hours (more than ${total}, code: "api-deployments-free-per-day").`,
    { limit: { total, remaining: 0, reset: (recent.length > 0 ? Math.min(...recent) : now) + DAY_MS } },
  )
}
