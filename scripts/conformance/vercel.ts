/**
 * The few Vercel calls the conformance check makes, through @vercel/sdk's standalone functions on a VercelCore, as
 * src/vercel/ makes them (the staged create goes through the action's own request hook). No retries: a check
 * reports what Vercel answered, once. Errors carry the operation, the status and Vercel's error code, never a body.
 */
import { VercelCore } from '@vercel/sdk/core.js'
import { HTTPClient } from '@vercel/sdk/lib/http.js'
import { deploymentsCancelDeployment } from '@vercel/sdk/funcs/deploymentsCancelDeployment.js'
import { deploymentsCreateDeployment } from '@vercel/sdk/funcs/deploymentsCreateDeployment.js'
import { deploymentsGetDeployment } from '@vercel/sdk/funcs/deploymentsGetDeployment.js'
import { deploymentsGetDeployments } from '@vercel/sdk/funcs/deploymentsGetDeployments.js'
import { projectsCreateProject } from '@vercel/sdk/funcs/projectsCreateProject.js'
import { projectsCreateProjectEnv } from '@vercel/sdk/funcs/projectsCreateProjectEnv.js'
import { projectsDeleteProject } from '@vercel/sdk/funcs/projectsDeleteProject.js'
import { projectsEditProjectEnv } from '@vercel/sdk/funcs/projectsEditProjectEnv.js'
import { projectsFilterProjectEnvs } from '@vercel/sdk/funcs/projectsFilterProjectEnvs.js'
import { projectsGetProject } from '@vercel/sdk/funcs/projectsGetProject.js'
import { projectsRequestPromote } from '@vercel/sdk/funcs/projectsRequestPromote.js'
import { projectsUpdateProject } from '@vercel/sdk/funcs/projectsUpdateProject.js'
import { STAGED_MARK, stagedCreates } from '../../src/vercel/staged.js'

/** A JSON object as Vercel answered it; fields are read with care, as the checks must not trust the shape. */
export type Answer = Record<string, unknown>

/** A refusal or a failure: what was asked, and Vercel's status and error code (never a message or a body). */
export class CallError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    /** Refused inside a 2xx answer, as an entry of its `failed[]` list. */
    readonly inFailedList = false,
  ) {
    const answer =
      status === undefined
        ? `no answer (${code ?? 'transport error'})`
        : `${status}${inFailedList ? ' with a failed[] entry' : ''}${code ? ` ${code}` : ''}`
    super(`${operation}: ${answer}`)
    this.name = 'CallError'
  }
}

type SdkResult = { ok: true; value: unknown } | { ok: false; error: unknown }

function codeOf(body: unknown): string | undefined {
  try {
    const code = (JSON.parse(String(body)) as { error?: { code?: unknown } }).error?.code
    return typeof code === 'string' ? code : undefined
  } catch {
    return undefined
  }
}

/** The answer, even when the SDK's schema lags behind Vercel's (a 2xx the SDK could not parse is still an answer). */
function answerOf(operation: string, r: SdkResult): Answer {
  if (r.ok) return (r.value ?? {}) as Answer
  const e = r.error as { statusCode?: number; body?: unknown; rawValue?: unknown; name?: string }
  if (typeof e.statusCode === 'number' && e.statusCode < 300 && e.rawValue !== undefined) return e.rawValue as Answer
  if (typeof e.statusCode === 'number') throw new CallError(operation, e.statusCode, codeOf(e.body))
  throw new CallError(operation, undefined, e.name)
}

export interface VercelOptions {
  token: string
  apiUrl: string
  /** `team_…` is a team ID, anything else a slug. */
  team: string
}

export class ConformanceVercel {
  readonly #core: VercelCore
  readonly scope: { teamId: string } | { slug: string }

  constructor(o: VercelOptions) {
    const http = new HTTPClient()
    http.addHook('beforeRequest', stagedCreates(o.apiUrl))
    // No debugLogger: the SDK's debug output includes request headers, and so the token.
    this.#core = new VercelCore({ bearerToken: o.token, serverURL: o.apiUrl, httpClient: http })
    this.scope = o.team.startsWith('team_') ? { teamId: o.team } : { slug: o.team }
  }

  async createProject(name: string, signal: AbortSignal): Promise<Answer> {
    return answerOf('Create project', await projectsCreateProject(this.#core, { ...this.scope, requestBody: { name } }, { signal }))
  }

  async getProject(idOrName: string, signal: AbortSignal): Promise<Answer> {
    return answerOf('Read project', await projectsGetProject(this.#core, { idOrName, ...this.scope }, { signal }))
  }

  async setSkewProtectionMaxAge(idOrName: string, seconds: number, signal: AbortSignal): Promise<Answer> {
    const r = await projectsUpdateProject(this.#core, { idOrName, ...this.scope, requestBody: { skewProtectionMaxAge: seconds } }, { signal })
    return answerOf('Update project', r)
  }

  /** Succeeds when the project is gone, also when it never existed (404). */
  async deleteProject(idOrName: string, signal: AbortSignal): Promise<'deleted' | 'absent'> {
    const r = await projectsDeleteProject(this.#core, { idOrName, ...this.scope }, { signal })
    if (!r.ok && (r.error as { statusCode?: number }).statusCode === 404) return 'absent'
    answerOf('Delete project', r)
    return 'deleted'
  }

  /** A deployment of one inlined static file; production or preview. */
  async deployFiles(project: { id: string; name: string }, target: 'production' | 'preview', signal: AbortSignal): Promise<Answer> {
    const files = [{ file: 'index.html', data: '<!doctype html><p>rotate-vercel-secret conformance</p>\n', encoding: 'utf-8' as const }]
    const requestBody = { name: project.name, project: project.id, files, ...(target === 'production' ? { target } : {}) }
    return answerOf('Create deployment', await deploymentsCreateDeployment(this.#core, { ...this.scope, requestBody }, { signal }))
  }

  /** A redeploy of `deploymentId` kept off the production domains, sent as the action sends it. */
  async stagedRedeploy(
    project: { id: string; name: string },
    deploymentId: string,
    meta: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Answer> {
    const request = { forceNew: '1' as const, ...this.scope, requestBody: { name: project.name, deploymentId, target: 'production', meta } }
    return answerOf('Redeploy', await deploymentsCreateDeployment(this.#core, request, { signal, headers: { [STAGED_MARK]: '1' } }))
  }

  async getDeployment(idOrUrl: string, signal: AbortSignal): Promise<Answer> {
    return answerOf('Read deployment', await deploymentsGetDeployment(this.#core, { idOrUrl, ...this.scope }, { signal }))
  }

  async listDeployments(projectIds: string[], signal: AbortSignal): Promise<Answer[]> {
    const ids = projectIds.length === 1 ? { projectId: projectIds[0] } : { projectIds }
    const body = answerOf('List deployments', await deploymentsGetDeployments(this.#core, { ...ids, limit: 20, ...this.scope }, { signal }))
    return Array.isArray(body['deployments']) ? (body['deployments'] as Answer[]) : []
  }

  async cancelDeployment(id: string, signal: AbortSignal): Promise<Answer> {
    return answerOf('Cancel deployment', await deploymentsCancelDeployment(this.#core, { id, ...this.scope }, { signal }))
  }

  /** Resolves when Vercel accepted the promote (201, or 202 when queued). */
  async promote(projectId: string, deploymentId: string, signal: AbortSignal): Promise<void> {
    answerOf('Promote', await projectsRequestPromote(this.#core, { projectId, deploymentId, ...this.scope }, { signal }))
  }

  async createSensitiveRecord(
    projectId: string,
    record: { key: string; value: string; target: ('production' | 'preview')[]; comment: string },
    signal: AbortSignal,
  ): Promise<Answer> {
    const requestBody = { ...record, type: 'sensitive' as const }
    const body = answerOf(
      'Create env record',
      await projectsCreateProjectEnv(this.#core, { idOrName: projectId, ...this.scope, requestBody }, { signal }),
    )
    const failed = Array.isArray(body['failed']) ? (body['failed'] as { error?: { code?: unknown } }[]) : []
    if (failed.length > 0) {
      const code = failed[0]?.error?.code
      throw new CallError('Create env record', 201, typeof code === 'string' ? code : undefined, true)
    }
    return body
  }

  async listRecords(projectId: string, signal: AbortSignal): Promise<Answer[]> {
    const body = answerOf('List env records', await projectsFilterProjectEnvs(this.#core, { idOrName: projectId, ...this.scope }, { signal }))
    return Array.isArray(body['envs']) ? (body['envs'] as Answer[]) : []
  }

  /** The value, and the comment in the same request when one is given (the rotation stamp's write). */
  async editRecordValue(projectId: string, id: string, value: string, signal: AbortSignal, comment?: string): Promise<Answer> {
    const requestBody = { value, ...(comment !== undefined ? { comment } : {}) }
    const r = await projectsEditProjectEnv(this.#core, { idOrName: projectId, id, ...this.scope, requestBody }, { signal })
    return answerOf('Edit env record', r)
  }
}
