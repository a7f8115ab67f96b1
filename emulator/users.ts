/**
 * The people the emulator knows: the token's own user, who writes everything that comes through the API, and the
 * team member who seeds records and edits them outside the API (the dashboard), so that `createdBy` and `updatedBy`
 * tell the two apart as Vercel's records do.
 */

export interface User {
  uid: string
  username: string
  email: string
  /** Full name, as `lastEditedByDisplayName` shows it. */
  name: string
}

/** The user of the accepted token (GET /v2/user). */
export const CREATOR: User = { uid: 'usr_emulator', username: 'emulator', email: 'emulator@example.com', name: 'Emulator' }

/** Who created the seeded records and edits them in the dashboard. */
export const SEED_USER: User = { uid: 'usr_seed', username: 'dana', email: 'dana@example.com', name: 'Dana Owner' }

const USERS = new Map([CREATOR, SEED_USER].map((u) => [u.uid, u]))

/** The name Vercel shows for a user ("the last editor full name or username"); undefined for one it does not know. */
export function displayName(uid: string | undefined): string | undefined {
  const user = uid === undefined ? undefined : USERS.get(uid)
  return user ? user.name || user.username : undefined
}
