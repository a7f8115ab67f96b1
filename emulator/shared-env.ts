import { badRequest } from './errors.js'
import type { EnvTarget, EnvType, SharedEnv } from './model.js'
import { SENSITIVE_TARGETS_MESSAGE } from './project-env.js'

export interface SharedEnvUpdate {
  key?: string
  value?: string
  type?: string
  target?: EnvTarget[]
  /** The full list of linked projects. */
  projectId?: string[]
  /** Incremental linking, without restating the full list. */
  projectIdUpdates?: { link?: string[]; unlink?: string[] }
  comment?: string
}

const SHARED_TYPES: readonly string[] = ['sensitive', 'encrypted', 'plain']

/** One entry of PATCH /v1/env, by user `by`. Throws ApiError (reported in `failed[]`) and leaves the record untouched. */
export function applySharedUpdate(record: SharedEnv, update: SharedEnvUpdate, now: number, by: string): void {
  const type = update.type ?? record.type
  const target = update.target ?? record.target
  if (!SHARED_TYPES.includes(type)) throw badRequest(`Invalid type "${type}"`, { envVarId: record.id })
  if (record.type === 'sensitive' && type !== 'sensitive') {
    throw badRequest('Sensitive Environment Variables cannot be changed to another type.', { envVarId: record.id })
  }
  if (type === 'sensitive' && target.includes('development')) {
    throw badRequest(SENSITIVE_TARGETS_MESSAGE, { envVarId: record.id, envVarKey: record.key, target })
  }

  let linked = update.projectId ? [...update.projectId] : [...record.projectId]
  for (const id of update.projectIdUpdates?.link ?? []) if (!linked.includes(id)) linked.push(id)
  const unlink = update.projectIdUpdates?.unlink ?? []
  linked = linked.filter((id) => !unlink.includes(id))

  if (update.key !== undefined) record.key = update.key
  if (update.value !== undefined) record.value = update.value
  if (update.comment !== undefined) record.comment = update.comment
  record.type = type as EnvType
  record.target = [...target]
  record.projectId = linked
  record.updatedAt = now
  record.updatedBy = by
}
