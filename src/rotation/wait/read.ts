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

/**
 * The listed deployments of the given rollouts created since the oldest of them, in `filter.states` when set.
 * Undefined when the read failed: the port already retried, and the wait goes on until its deadline rather than
 * give up on builds that may be fine.
 */
export async function readStates(rs: Rollout[], port: VercelPort, filter: { states?: string[] }, log: Logger): Promise<Deployment[] | undefined> {
  if (rs.length === 0) return []
  const since = Math.min(...rs.map((r) => r.deployment!.createdAt)) - 1
  const projectIds = [...new Set(rs.map((r) => r.project.id))]
  try {
    return await port.listDeployments({ projectIds, since, ...(filter.states ? { states: filter.states } : {}) })
  } catch (err) {
    // Should Vercel ever refuse the state filter, every read lists every state from then on: slower, never stuck.
    if (filter.states && (err as { status?: number }).status === 400) {
      filter.states = undefined
      log.debug(`The deployments list refused the state filter; reading every state: ${(err as Error).message}`)
      return readStates(rs, port, filter, log)
    }
    log.warning(`Reading deployment states failed; trying again: ${(err as Error).message}`)
    return undefined
  }
}
