/** Env records and shared variables: read, write, and the custom environments a record can cover. */
import { environmentGetProjectsByIdOrNameCustomEnvironments } from '@vercel/sdk/funcs/environmentGetProjectsByIdOrNameCustomEnvironments.js'
import { environmentListSharedEnvVariable } from '@vercel/sdk/funcs/environmentListSharedEnvVariable.js'
import { environmentUpdateSharedEnvVariable } from '@vercel/sdk/funcs/environmentUpdateSharedEnvVariable.js'
import { projectsCreateProjectEnv } from '@vercel/sdk/funcs/projectsCreateProjectEnv.js'
import { projectsEditProjectEnv } from '@vercel/sdk/funcs/projectsEditProjectEnv.js'
import { projectsFilterProjectEnvs } from '@vercel/sdk/funcs/projectsFilterProjectEnvs.js'
import { VercelApiError } from '../errors.js'
import { allPages, withQuery } from '../paging.js'
import { toCustomEnvironment, toEnvRecord, toSharedVariable } from '../wire.js'
import type { CustomEnvironment, EnvRecord, NewRecord, SharedUpdate, SharedVariable } from '../port.js'
import type { SdkClient } from '../client.js'

export async function listProjectEnvs(c: SdkClient, project: string): Promise<EnvRecord[]> {
  // Vercel answers every record of a project in one response; should it ever send a cursor, the rest is read too
  // (or, if the cursor does not move, the read fails) rather than planning on part of the list.
  const envs = await allPages('List env records', `project ${project}`, async (until) => {
    const body = await c.call('List env records', `project ${project}`, (o) =>
      projectsFilterProjectEnvs(c.client, { idOrName: project, ...c.scope }, until === undefined ? o : withQuery(o, { until })),
    )
    if (!('envs' in body)) return { items: [body] }
    return { items: body.envs, next: 'pagination' in body ? body.pagination?.next : undefined }
  })
  return envs.map(toEnvRecord)
}

export async function updateProjectEnv(c: SdkClient, projectId: string, record: EnvRecord, value: string, comment?: string): Promise<EnvRecord> {
  // The value and the comment, never `key`: sending it makes Vercel refuse the update of a sensitive record.
  const requestBody = { value, ...(comment !== undefined ? { comment } : {}) }
  const body = await c.call('Update env record', `project ${projectId}`, (o) =>
    projectsEditProjectEnv(c.client, { idOrName: projectId, id: record.id, ...c.scope, requestBody }, o),
  )
  return toEnvRecord(body)
}

export async function createProjectEnv(c: SdkClient, projectId: string, record: NewRecord): Promise<EnvRecord[]> {
  const body = await c.call('Create env record', `project ${projectId}`, (o) =>
    projectsCreateProjectEnv(
      c.client,
      {
        idOrName: projectId,
        ...c.scope,
        requestBody: {
          key: record.key,
          value: record.value,
          type: record.type,
          ...(record.target.length ? { target: record.target } : {}),
          ...(record.customEnvironmentIds.length ? { customEnvironmentIds: record.customEnvironmentIds } : {}),
          ...(record.comment !== undefined ? { comment: record.comment } : {}),
        } as never,
      },
      o,
    ),
  )
  const failed = (body.failed ?? []) as { error?: { code?: string; message?: string } }[]
  if (failed.length > 0) {
    const e = failed[0]!.error ?? {}
    throw new VercelApiError(
      `Create env record for project ${projectId} was refused: ${[e.code, e.message].filter(Boolean).join(': ')}. Nothing else was written for this project.`,
      'http',
      'Create env record',
      201,
      e.code,
    )
  }
  const created = body.created === undefined ? [] : Array.isArray(body.created) ? body.created : [body.created]
  return (created as unknown[]).map(toEnvRecord)
}

export async function customEnvironments(c: SdkClient, project: string): Promise<CustomEnvironment[]> {
  const body = await c.call('List custom environments', `project ${project}`, (o) =>
    environmentGetProjectsByIdOrNameCustomEnvironments(c.client, { idOrName: project, ...c.scope }, o),
  )
  return (body.environments ?? []).map(toCustomEnvironment)
}

/**
 * The team's shared variables, `search` narrowing them when given. Vercel pages this listing (about 25 a page) by an
 * `until` cursor: a record on a later page is read too, and a record seen on two pages counts once.
 */
async function sharedVariables(c: SdkClient, what: string, search?: string): Promise<SharedVariable[]> {
  const data = await allPages('List shared variables', what, async (until) => {
    const body = await c.call('List shared variables', what, (o) =>
      environmentListSharedEnvVariable(
        c.client,
        { ...(search !== undefined ? { search } : {}), ...c.scope },
        until === undefined ? o : withQuery(o, { until }),
      ),
    )
    return { items: body.data ?? [], next: body.pagination?.next }
  })
  return [...new Map(data.map(toSharedVariable).map((v) => [v.id, v])).values()]
}

export async function findSharedVariables(c: SdkClient, key: string): Promise<SharedVariable[]> {
  // `search` matches substrings: keep the exact key only.
  return (await sharedVariables(c, `key ${key}`, key)).filter((v) => v.key === key)
}

export function listSharedVariables(c: SdkClient): Promise<SharedVariable[]> {
  return sharedVariables(c, `team ${c.teamName()}`)
}

export async function updateSharedVariables(c: SdkClient, list: SharedUpdate[]): Promise<SharedVariable[]> {
  const updates = Object.fromEntries(list.map(({ id, value, comment }) => [id, { value, ...(comment !== undefined ? { comment } : {}) }]))
  const body = await c.call('Update shared variable', `team ${c.teamName()}`, (o) =>
    environmentUpdateSharedEnvVariable(c.client, { ...c.scope, requestBody: { updates } }, o),
  )
  const failed = (body.failed ?? []) as { error?: { code?: string; message?: string; envVarId?: string } }[]
  if (failed.length > 0) {
    const list = failed.map((f) => [f.error?.envVarId, f.error?.code, f.error?.message].filter(Boolean).join(': ')).join('; ')
    const err = new VercelApiError(
      `Update shared variable was refused for ${failed.length} record(s): ${list}. Fix it in Vercel and re-run.`,
      'http',
      'Update shared variable',
      200,
      failed[0]!.error?.code,
    )
    // The updates Vercel accepted in the same request are written: the caller reports them key by key.
    throw Object.assign(err, { writtenIds: ((body.updated ?? []) as unknown[]).map((v) => toSharedVariable(v).id) })
  }
  return (body.updated as unknown[]).map(toSharedVariable)
}
