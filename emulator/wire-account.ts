/**
 * JSON views of the token's user and its teams (GET /v2/user, /v2/teams, /v2/teams/{id}), shaped so that
 * @vercel/sdk's AuthUser and Team schemas accept them. The Vercel CLI reads both before any command.
 */
import type { Team } from './model.js'
import { CREATOR } from './wire.js'

/** Teams carry no history in the emulator; a fixed date keeps the required `createdAt` stable. */
const ACCOUNT_CREATED_AT = Date.UTC(2024, 0, 1)

export function userView(defaultTeamId: string | null): Record<string, unknown> {
  return {
    id: CREATOR.uid,
    email: CREATOR.email,
    name: 'Emulator',
    username: CREATOR.username,
    avatar: null,
    defaultTeamId,
    // "northstar" accounts act in a team; the CLI then falls back to defaultTeamId when no scope is given.
    version: 'northstar',
    createdAt: ACCOUNT_CREATED_AT,
    softBlock: null,
    billing: null,
    resourceConfig: {},
    stagingPrefix: 'emulator',
    hasTrialAvailable: false,
    importFlowGitProvider: null,
  }
}

export function teamView(team: Team): Record<string, unknown> {
  return {
    id: team.id,
    slug: team.slug,
    name: team.slug,
    avatar: null,
    description: null,
    creatorId: CREATOR.uid,
    createdAt: ACCOUNT_CREATED_AT,
    updatedAt: ACCOUNT_CREATED_AT,
    stagingPrefix: team.slug,
    billing: { plan: 'pro' },
    membership: {
      confirmed: true,
      role: 'OWNER',
      uid: CREATOR.uid,
      teamId: team.id,
      created: ACCOUNT_CREATED_AT,
      createdAt: ACCOUNT_CREATED_AT,
    },
  }
}
