/** What Vercel refuses in a deployment create or listing before looking any further. */
import { badRequest } from './errors.js'

/** The deployments listing's published `projectIds` bound ("Required array length: 1 - 20 elements"). */
export const MAX_LISTED_PROJECT_IDS = 20

export function checkProjectIdsCount(projectIds: readonly string[] | undefined): void {
  if (projectIds !== undefined && projectIds.length < 1) throw badRequest('Invalid request: `projectIds` should NOT have fewer than 1 items')
  if (projectIds !== undefined && projectIds.length > MAX_LISTED_PROJECT_IDS) {
    throw badRequest(`Invalid request: \`projectIds\` should NOT have more than ${MAX_LISTED_PROJECT_IDS} items`)
  }
}

/**
 * A create's `files`: each an inlined file (`file`, `data`, `encoding` utf-8 or base64) or an uploaded one (`file`,
 * `sha`), as the SDK's create request spells them. The emulator builds nothing from them.
 */
export function checkFiles(files: unknown): void {
  if (files === undefined) return
  if (!Array.isArray(files)) throw badRequest('Invalid request: `files` should be array')
  for (const f of files as unknown[]) {
    const o = (typeof f === 'object' && f !== null ? f : {}) as Record<string, unknown>
    const inlined = typeof o['data'] === 'string' && (o['encoding'] === undefined || o['encoding'] === 'utf-8' || o['encoding'] === 'base64')
    const uploaded = typeof o['sha'] === 'string'
    if (typeof o['file'] !== 'string' || o['file'] === '' || !(inlined || uploaded)) {
      throw badRequest('Invalid request: each of `files` should be an inlined file { file, data, encoding } or an uploaded one { file, sha }')
    }
  }
}
