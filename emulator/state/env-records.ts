/** Env records: each project's own, the team's shared variables, and the Marketplace stores that provide some. */
import { ApiError, notFound } from '../errors.js'
import { type EnvTarget, type ProjectEnv, type SharedEnv } from '../model.js'
import { createProjectEnvs, editProjectEnv, removeProjectEnv, type EnvFailure, type ProjectEnvInput, type ProjectEnvPatch } from '../project-env.js'
import { applySharedUpdate, type SharedEnvUpdate } from '../shared-env.js'
import { Stores, type StoreInput } from '../stores.js'
import { Accounts, type ProjectRef } from './accounts.js'
import { randomId } from './ids.js'

export class EnvRecords extends Accounts {
  /** Marketplace storage resources and their connected projects. */
  readonly stores = new Stores()
  protected readonly sharedById = new Map<string, SharedEnv>()
  protected readonly armedSharedFailures = new Map<string, EnvFailure['error'][]>()
  /** Keyed by `${projectId}/${key}`. */
  protected readonly armedEnvCreateFailures = new Map<string, EnvFailure['error'][]>()

  // ---- project env records ----

  addProjectEnv(ref: ProjectRef, input: ProjectEnvInput): ProjectEnv {
    const { created, failed } = this.createProjectEnvs(ref, [input], false)
    const record = created[0]
    if (!record) throw new ApiError(400, failed[0]?.error.code ?? 'bad_request', failed[0]?.error.message ?? '')
    return record
  }

  createProjectEnvs(ref: ProjectRef, items: readonly ProjectEnvInput[], upsert: boolean): { created: ProjectEnv[]; failed: EnvFailure[] } {
    const project = this.project(ref)
    const armedFailures: EnvFailure[] = []
    const rest = items.filter((item) => {
      const armed = this.armedEnvCreateFailures.get(`${project.id}/${item.key}`)?.shift()
      if (armed) armedFailures.push({ error: { ...armed, key: item.key, target: item.target } })
      return !armed
    })
    const result = createProjectEnvs(project, rest, { upsert, now: this.now(), newId: () => randomId('env_', 16) })
    return { created: result.created, failed: [...armedFailures, ...result.failed] }
  }

  /** Makes the next create (or upsert) of this key on this project land in `failed[]`. */
  failNextEnvCreate(ref: ProjectRef, key: string, error?: { code: string; message: string }): void {
    const id = `${this.project(ref).id}/${key}`
    const queue = this.armedEnvCreateFailures.get(id) ?? []
    queue.push({ code: 'bad_request', message: 'The environment variable could not be saved.', ...error })
    this.armedEnvCreateFailures.set(id, queue)
  }

  editProjectEnv(ref: ProjectRef, id: string, patch: ProjectEnvPatch): ProjectEnv {
    return editProjectEnv(this.project(ref), id, patch, this.now())
  }

  removeProjectEnv(ref: ProjectRef, id: string): ProjectEnv {
    return removeProjectEnv(this.project(ref), id)
  }

  projectEnvs(ref: ProjectRef): ProjectEnv[] {
    return this.project(ref).env
  }

  // ---- Marketplace stores ----

  /** A store connected to projects, with the integration-created records it provides them. */
  addStore(teamId: string, input: StoreInput) {
    return this.stores.add(this.resolveTeam({ teamId }), input, this.now(), () => randomId('env_', 16))
  }

  /** The provider rotates the store's secrets: records change, nothing is redeployed. */
  rotateStore(storeId: string, values: Record<string, string>): ProjectEnv[] {
    const store = this.stores.get(storeId)
    return this.stores.rotate(store, values, (id) => this.project(id), this.now())
  }

  // ---- shared (team) variables ----

  addSharedEnv(
    teamId: string,
    input: {
      key: string
      value: string
      type: SharedEnv['type']
      target: EnvTarget[]
      projectIds: string[]
      customEnvironmentIds?: string[]
      applyToAllCustomEnvironments?: boolean
      /** When it was created (default now); the listing pages by it, newest first. */
      createdAt?: number
      comment?: string
    },
  ): SharedEnv {
    if (!this.teamsById.has(teamId)) throw notFound(`Team "${teamId}" not found`)
    const now = this.now()
    // The listing pages by creation time with an exclusive cursor, so a team's records never share a millisecond
    // (two that did would straddle a page boundary unseen). Earlier, not later: a record never postdates `now`.
    const taken = new Set(this.sharedEnvs(teamId).map((s) => s.createdAt))
    let createdAt = input.createdAt ?? now
    while (taken.has(createdAt)) createdAt -= 1
    const record: SharedEnv = {
      id: randomId('env_', 16),
      key: input.key,
      value: input.value,
      type: input.type,
      target: [...input.target],
      projectId: input.projectIds.map((p) => this.project(p).id),
      customEnvironmentIds: [...(input.customEnvironmentIds ?? [])],
      applyToAllCustomEnvironments: input.applyToAllCustomEnvironments ?? false,
      ownerId: teamId,
      createdAt,
      updatedAt: Math.max(createdAt, now),
      ...(input.comment !== undefined ? { comment: input.comment } : {}),
    }
    this.sharedById.set(record.id, record)
    return record
  }

  sharedEnvs(teamId: string): SharedEnv[] {
    return [...this.sharedById.values()].filter((s) => s.ownerId === teamId)
  }

  /** Makes the next PATCH /v1/env entry for this id land in `failed[]`. */
  failNextSharedUpdate(envId: string, error?: { code: string; message: string }): void {
    const queue = this.armedSharedFailures.get(envId) ?? []
    queue.push({ code: 'bad_request', message: 'The environment variable could not be updated.', ...error, envVarId: envId })
    this.armedSharedFailures.set(envId, queue)
  }

  updateSharedEnvs(teamId: string, updates: Record<string, SharedEnvUpdate>): { updated: SharedEnv[]; failed: EnvFailure[] } {
    const updated: SharedEnv[] = []
    const failed: EnvFailure[] = []
    for (const [id, update] of Object.entries(updates)) {
      const record = this.sharedById.get(id)
      const armed = this.armedSharedFailures.get(id)?.shift()
      if (armed) {
        failed.push({ error: { ...armed, ...(record ? { envVarKey: record.key } : {}) } })
        continue
      }
      if (!record || record.ownerId !== teamId) {
        failed.push({ error: { code: 'not_found', message: `Environment Variable "${id}" not found`, envVarId: id } })
        continue
      }
      try {
        applySharedUpdate(record, update ?? {}, this.now())
        updated.push(record)
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        failed.push({ error: { envVarId: id, envVarKey: record.key, ...(err.body().error as EnvFailure['error']) } })
      }
    }
    return { updated, failed }
  }
}
