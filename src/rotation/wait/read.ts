/**
 * Reading build states: one list request for every build whose time has come, asking only for the states that
 * end the wait, so a read costs what finished since the last one.
 */
import type { Deployment, VercelPort } from '../../vercel/port.js'
import type { Logger } from '../types.js'
import type { Rollout } from './rollout.js'

/**
 * The states a read asks for: those that end the wait for a build. A build still queued or building is not
 * listed, so a read costs what finished since the last one, not every build still waiting (the CLI's
 * `vercel ls --status` sends the same comma-separated `state`).
 */
export const SETTLED_STATES = ['READY', 'ERROR', 'CANCELED', 'BLOCKED']

/** The states of a build still on its way. */
export const BUILDING_STATES: readonly string[] = ['QUEUED', 'INITIALIZING', 'BUILDING']

/** More projects than one filtered listing names (Vercel's `projectIds` bound): the team's listing is read instead. */
export const TEAM_LISTING_ABOVE = 20

/**
 * Vercel refused the listing for good: a client error (4xx) other than a timeout (408) or a rate limit (429).
 * The same request meets the same refusal on every pass, so the wait for these builds ends now, not at its deadline.
 */
export class ReadRefused extends Error {
  constructor(cause: Error) {
    super(
      `Reading the state of the new deployments stopped: ${cause.message} Vercel refuses this request whenever it is sent, so the wait ended here rather than at timeout-minutes. The redeploys were created and may still finish; re-run the job to resume, and report this with the action version if it happens again.`,
    )
    this.name = 'ReadRefused'
  }
}

const refusedForGood = (status: number | undefined): boolean =>
  status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429

/**
 * The listed deployments of the given rollouts created since the oldest of them, in `filter.states` when set.
 * Undefined when the read failed in a way that may pass (the port already retried): the wait goes on until its
 * deadline rather than give up on builds that may be fine. Throws ReadRefused when Vercel refused the request.
 */
export async function readStates(rs: Rollout[], port: VercelPort, filter: { states?: string[] }, log: Logger): Promise<Deployment[] | undefined> {
  if (rs.length === 0) return []
  const since = Math.min(...rs.map((r) => r.deployment!.createdAt)) - 1
  const projectIds = [...new Set(rs.map((r) => r.project.id))]
  // Vercel lists at most 20 projects a request: past that, one listing of the team's deployments since the oldest
  // build (this run's, and any others made meanwhile) costs a page per 100 ended builds, not a request per 20 projects.
  const wholeTeam = projectIds.length > TEAM_LISTING_ABOVE
  try {
    const listed = await port.listDeployments({ projectIds, since, wholeTeam, ...(filter.states ? { states: filter.states } : {}) })
    if (!wholeTeam) return listed
    const wanted = new Set(projectIds)
    return listed.filter((d) => wanted.has(d.projectId))
  } catch (err) {
    const status = (err as { status?: number }).status
    // Should Vercel ever refuse the state filter, every read lists every state from then on: slower, never stuck.
    // Should it refuse the read without the filter too, that is a refusal for good.
    if (filter.states && status === 400) {
      filter.states = undefined
      log.debug(`The deployments list refused the state filter; reading every state: ${(err as Error).message}`)
      return readStates(rs, port, filter, log)
    }
    if (refusedForGood(status)) throw new ReadRefused(err as Error)
    log.warning(`Reading deployment states failed; trying again: ${(err as Error).message}`)
    return undefined
  }
}
