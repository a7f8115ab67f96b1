import { ApiError, badRequest, notFound } from './errors.js'
import type { EnvTarget, EnvType, Project, ProjectEnv, SecurityIssue } from './model.js'

export interface ProjectEnvInput {
  key: string
  value: string
  type: EnvType
  target?: EnvTarget[]
  gitBranch?: string | null
  customEnvironmentIds?: string[]
  comment?: string
  // Seeding only (the API's create body has none of these): a record's history and Vercel's flags on it.
  /** When it was created (default now). */
  createdAt?: number
  /** When it was last written (default its creation). */
  updatedAt?: number
  securityIssues?: SecurityIssue[]
}

export interface ProjectEnvPatch {
  key?: string
  value?: string
  type?: string
  target?: EnvTarget[]
  gitBranch?: string | null
  customEnvironmentIds?: string[]
  comment?: string
}

export interface EnvFailure {
  error: Record<string, unknown> & { code: string; message: string }
}

const ENV_TYPES: readonly string[] = ['sensitive', 'encrypted', 'plain']
const TARGETS: readonly string[] = ['production', 'preview', 'development']
export const SENSITIVE_TARGETS_MESSAGE = 'Sensitive Environment Variables are only supported on Production and Preview.'
/** Vercel's published `maxLength` of a record's `comment` (OpenAPI, create and edit); the SDK does not enforce it. */
export const COMMENT_MAX_LENGTH = 500

/** Rules Vercel applies to the shape of any record, new or edited. */
function checkShape(
  project: Project,
  r: { key: string; type: string; target: string[]; gitBranch?: string | null; customEnvironmentIds: string[]; comment?: string | undefined },
): void {
  if (!r.key) throw badRequest('Missing key', { key: r.key })
  if (r.comment !== undefined && r.comment.length > COMMENT_MAX_LENGTH) {
    throw badRequest(`Invalid request: \`comment\` should NOT be longer than ${COMMENT_MAX_LENGTH} characters`, { key: r.key })
  }
  if (!ENV_TYPES.includes(r.type)) {
    throw badRequest(`Invalid type "${r.type}" for an environment variable`, { key: r.key })
  }
  const unknownTarget = r.target.find((t) => !TARGETS.includes(t))
  if (unknownTarget) throw badRequest(`Invalid target "${unknownTarget}"`, { key: r.key, target: r.target })
  if (r.target.length === 0 && r.customEnvironmentIds.length === 0) {
    throw badRequest('Missing target', { key: r.key })
  }
  if (r.type === 'sensitive' && r.target.includes('development')) {
    throw badRequest(SENSITIVE_TARGETS_MESSAGE, { key: r.key, target: r.target })
  }
  if (r.gitBranch && (r.target.length !== 1 || r.target[0] !== 'preview')) {
    throw badRequest('A Git branch can only be set on a Preview Environment Variable (must have target=preview).', {
      key: r.key,
      target: r.target,
      gitBranch: r.gitBranch,
    })
  }
  const unknownEnvironment = r.customEnvironmentIds.find((id) => !project.customEnvironments.some((c) => c.id === id))
  if (unknownEnvironment) throw badRequest(`Custom environment "${unknownEnvironment}" not found`, { key: r.key })
}

const overlaps = (a: readonly string[], b: readonly string[]): boolean => a.some((x) => b.includes(x))

function sameSlot(record: ProjectEnv, input: ProjectEnvInput): boolean {
  return (
    record.key === input.key &&
    (record.gitBranch ?? null) === (input.gitBranch ?? null) &&
    (overlaps(record.target, input.target ?? []) || overlaps(record.customEnvironmentIds, input.customEnvironmentIds ?? []))
  )
}

/**
 * POST /v10/projects/{id}/env semantics: each item either lands in `created` or in `failed`; the request as a
 * whole still succeeds (201), which is why callers must read `failed`.
 */
export function createProjectEnvs(
  project: Project,
  items: readonly ProjectEnvInput[],
  opts: { upsert: boolean; now: number; newId: () => string; by: string },
): { created: ProjectEnv[]; failed: EnvFailure[] } {
  const created: ProjectEnv[] = []
  const failed: EnvFailure[] = []
  for (const input of items) {
    try {
      checkShape(project, {
        key: input.key,
        type: input.type,
        target: input.target ?? [],
        gitBranch: input.gitBranch,
        customEnvironmentIds: input.customEnvironmentIds ?? [],
        comment: input.comment,
      })
      const existing = project.env.find((r) => sameSlot(r, input))
      if (existing && !opts.upsert) {
        throw new ApiError(400, 'ENV_ALREADY_EXISTS', `A variable with the name \`${input.key}\` already exists`, {
          key: input.key,
          envVarId: existing.id,
          target: input.target,
        })
      }
      if (existing) {
        if (existing.type === 'sensitive' && input.type !== 'sensitive') {
          throw badRequest('Sensitive Environment Variables cannot be changed to another type.', { key: input.key })
        }
        // An upsert is an edit: the record keeps its ID, its creation and its creator.
        Object.assign(existing, { value: input.value, type: input.type, updatedAt: opts.now, updatedBy: opts.by })
        if (input.comment !== undefined) existing.comment = input.comment
        created.push(existing)
        continue
      }
      const record: ProjectEnv = {
        id: opts.newId(),
        key: input.key,
        value: input.value,
        type: input.type,
        target: [...(input.target ?? [])],
        customEnvironmentIds: [...(input.customEnvironmentIds ?? [])],
        securityIssues: [...(input.securityIssues ?? [])],
        createdAt: input.createdAt ?? opts.now,
        updatedAt: input.updatedAt ?? input.createdAt ?? opts.now,
        createdBy: opts.by,
        updatedBy: opts.by,
      }
      if (input.gitBranch) record.gitBranch = input.gitBranch
      if (input.comment !== undefined) record.comment = input.comment
      project.env.push(record)
      created.push(record)
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      failed.push({ error: { key: input.key, ...(err.body().error as { code: string; message: string }) } })
    }
  }
  return { created, failed }
}

/** PATCH /v9/projects/{id}/env/{envId}, by user `by`. Throws ApiError for anything Vercel refuses. */
export function editProjectEnv(project: Project, id: string, patch: ProjectEnvPatch, now: number, by: string): ProjectEnv {
  const record = project.env.find((r) => r.id === id)
  if (!record) throw notFound(`Environment Variable "${id}" not found`, { envVarId: id })
  // Vercel treats the key of a sensitive record as immutable and refuses an update that carries it at all.
  if (record.type === 'sensitive' && patch.key !== undefined) {
    throw badRequest('Cannot update key of a sensitive environment variable', { envVarId: id })
  }
  if (record.type === 'sensitive' && patch.type !== undefined && patch.type !== 'sensitive') {
    throw badRequest('Sensitive Environment Variables cannot be changed to another type.', { envVarId: id })
  }
  const next = {
    key: patch.key ?? record.key,
    type: patch.type ?? record.type,
    target: patch.target ?? record.target,
    gitBranch: patch.gitBranch === undefined ? record.gitBranch : patch.gitBranch,
    customEnvironmentIds: patch.customEnvironmentIds ?? record.customEnvironmentIds,
    comment: patch.comment,
  }
  checkShape(project, next)
  record.key = next.key
  record.type = next.type as EnvType
  record.target = [...next.target]
  record.customEnvironmentIds = [...next.customEnvironmentIds]
  if (next.gitBranch) record.gitBranch = next.gitBranch
  else delete record.gitBranch
  if (patch.value !== undefined) record.value = patch.value
  if (patch.comment !== undefined) record.comment = patch.comment
  record.updatedAt = now
  record.updatedBy = by
  return record
}

/** DELETE /v9/projects/{id}/env/{envId}: the record goes away at once; deployments keep their snapshots. */
export function removeProjectEnv(project: Project, id: string): ProjectEnv {
  const index = project.env.findIndex((r) => r.id === id)
  const record = project.env[index]
  if (!record) throw notFound(`Environment Variable "${id}" not found`, { envVarId: id })
  project.env.splice(index, 1)
  return record
}
