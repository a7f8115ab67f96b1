import type { Reply, RequestContext, Route } from '../router.js'
import { teamView } from '../wire-account.js'

function listTeams({ state }: RequestContext): Reply {
  const teams = state.teams()
  return { status: 200, body: { teams: teams.map(teamView), pagination: { count: teams.length, next: null, prev: null } } }
}

function getTeam({ state, params }: RequestContext): Reply {
  return { status: 200, body: teamView(state.resolveTeam({ teamId: params['teamId'] ?? '' })) }
}

/** The SDK speaks v2; the Vercel CLI lists with v1 and reads one team without a version. */
export const teamRoutes: Route[] = [
  { method: 'GET', template: '/v2/teams', handle: listTeams },
  { method: 'GET', template: '/v1/teams', handle: listTeams },
  { method: 'GET', template: '/v2/teams/{teamId}', handle: getTeam },
  { method: 'GET', template: '/teams/{teamId}', handle: getTeam },
]
