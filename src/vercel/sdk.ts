import { VercelCore } from '@vercel/sdk/core.js'
import { HTTPClient } from '@vercel/sdk/lib/http.js'
import { projectsFilterProjectEnvs } from '@vercel/sdk/funcs/projectsFilterProjectEnvs.js'
import { projectsEditProjectEnv } from '@vercel/sdk/funcs/projectsEditProjectEnv.js'
import { projectsCreateProjectEnv } from '@vercel/sdk/funcs/projectsCreateProjectEnv.js'
import { environmentListSharedEnvVariable } from '@vercel/sdk/funcs/environmentListSharedEnvVariable.js'
import { environmentUpdateSharedEnvVariable } from '@vercel/sdk/funcs/environmentUpdateSharedEnvVariable.js'
import { environmentGetProjectsByIdOrNameCustomEnvironments } from '@vercel/sdk/funcs/environmentGetProjectsByIdOrNameCustomEnvironments.js'
import { deploymentsGetDeployments } from '@vercel/sdk/funcs/deploymentsGetDeployments.js'
import { projectsRequestPromote } from '@vercel/sdk/funcs/projectsRequestPromote.js'
import { toVercelError, VercelApiError } from './errors.js'
import { STAGED_MARK, stagedCreates } from './staged.js'
import { defaultPolicy, withRetry, type RetryPolicy } from './retry.js'
import {
  toCustomEnvironment,
  toDeployment,
  toEnvRecord,
  toListedProject,
  toProject,
  toRollingRelease,
  toSharedVariable,
  toStoreConnection,
} from './wire.js'
import type {
  CustomEnvironment,
  Deployment,
  DeploymentQuery,
  EnvRecord,
  ListedProject,
  NewRecord,
  ProbeAuth,
  ProbeResult,
  Project,
  RollingRelease,
  SharedVariable,
  Store,
  VercelPort,
} from './port.js'

export interface SdkOptions {
  token: string
  apiUrl: string
  team?: string
  /** Absolute epoch ms; no request or retry starts after it. */
  deadline: number
  signal?: AbortSignal
  requestTimeoutMs?: number
  onRetry?: RetryPolicy['onRetry']
  policy?: Partial<RetryPolicy>
  /** Called with every secret the port reads from Vercel (a protection bypass), before anything else sees it. */
  onSecret?: (secret: string) => void
}

type SdkResult<T> = { ok: true; value: T } | { ok: false; error: unknown }

/** The 2xx body even when the SDK's schema no longer matches it (Vercel adds fields and enum values often). */
function valueOf<T>(r: SdkResult<T>): T {
  if (r.ok) return r.value
  const e = r.error as { statusCode?: number; rawValue?: unknown }
  if (typeof e?.statusCode === 'number' && e.statusCode < 300 && e.rawValue !== undefined) return e.rawValue as T
  throw r.error
}

// projectIds is an array; the SDK's form encoding repeats the key, which Vercel reads as a list.
const PROJECTS_PER_LIST = 50
const PAGE = 100

/**
 * The SDK spells the store read `/storage/stores/{id}`, gives it no team parameter and sends it without the bearer
 * token; Vercel's own CLI reads `/v1/storage/stores/{id}?teamId=` with its token. The request is sent the CLI's way.
 */
function storageRoute(apiUrl: string, scope: { teamId?: string; slug?: string }, token: string) {
  const base = new URL(apiUrl).pathname.replace(/\/+$/, '')
  return (req: Request): Request => {
    const url = new URL(req.url)
    if (!url.pathname.startsWith(`${base}/storage/stores/`)) return req
    url.pathname = `${base}/v1${url.pathname.slice(base.length)}`
    for (const [k, v] of Object.entries(scope)) url.searchParams.set(k, v)
    const scoped = new Request(url, req)
    scoped.headers.set('authorization', `Bearer ${token}`)
    return scoped
  }
}

/**
 * Keeps the raw JSON of each page of the project listing, by its `from` token. The SDK's listing schema is a union
 * of a full and a lean project shape and may keep the lean one, stripping the rollback state, the bypass and Skew
 * Protection, which planning reads; the raw page still has them.
 */
function listingCapture(apiUrl: string, pages: Map<string, unknown>) {
  const path = `${new URL(apiUrl).pathname.replace(/\/+$/, '')}/v10/projects`
  return async (res: Response, req: Request): Promise<void> => {
    const url = new URL(req.url)
    if (req.method !== 'GET' || url.pathname !== path || !res.ok) return
    pages.set(
      url.searchParams.get('from') ?? '',
      await res
        .clone()
        .json()
        .catch(() => undefined),
    )
  }
}

export class SdkVercel implements VercelPort {
  readonly #client: VercelCore
  readonly #listingPages = new Map<string, unknown>()
  readonly #scope: { teamId?: string; slug?: string }
  readonly #policy: RetryPolicy
  readonly #signal?: AbortSignal
  readonly #timeoutMs: number
  readonly #onSecret: (secret: string) => void

  constructor(o: SdkOptions) {
    this.#onSecret = o.onSecret ?? (() => {})
    this.#scope = !o.team ? {} : o.team.startsWith('team_') ? { teamId: o.team } : { slug: o.team }
    const http = new HTTPClient()
    http.addHook('beforeRequest', storageRoute(o.apiUrl, this.#scope, o.token))
    http.addHook('beforeRequest', stagedCreates(o.apiUrl))
    http.addHook('response', listingCapture(o.apiUrl, this.#listingPages))
    // No debugLogger: the SDK's debug output includes request headers, and so the token.
    this.#client = new VercelCore({ bearerToken: o.token, serverURL: o.apiUrl, httpClient: http })
    this.#policy = { ...defaultPolicy(o.deadline, o.signal), onRetry: o.onRetry, ...o.policy }
    this.#signal = o.signal
    this.#timeoutMs = o.requestTimeoutMs ?? 30_000
  }

  /** One SDK call with the retry policy; `lookup` replaces a retry after an ambiguous failure. */
  async #call<Raw, T = Raw>(
    operation: string,
    what: string,
    send: (opts: { timeoutMs?: number; signal?: AbortSignal }) => Promise<SdkResult<Raw>>,
    lookup?: (err: VercelApiError) => Promise<T | undefined>,
    convert: (raw: Raw) => T = (raw) => raw as unknown as T,
  ): Promise<T> {
    const once = async () => {
      let raw: Raw
      try {
        // The SDK ignores timeoutMs when given a signal, so the timeout joins the cancellation signal.
        const opts = this.#signal ? { signal: AbortSignal.any([this.#signal, AbortSignal.timeout(this.#timeoutMs)]) } : { timeoutMs: this.#timeoutMs }
        raw = valueOf(await send(opts))
      } catch (err) {
        throw toVercelError(err, operation, what)
      }
      return convert(raw)
    }
    return withRetry(once, this.#policy, lookup)
  }

  async listProjectEnvs(project: string): Promise<EnvRecord[]> {
    const body = await this.#call('List env records', `project ${project}`, (o) =>
      projectsFilterProjectEnvs(this.#client, { idOrName: project, ...this.#scope }, o),
    )
    const envs = 'envs' in body ? body.envs : [body]
    return (envs as unknown[]).map(toEnvRecord)
  }

  async updateProjectEnv(projectId: string, record: EnvRecord, value: string): Promise<EnvRecord> {
    // Only the value: sending `key` makes Vercel refuse the update of a sensitive record.
    const body = await this.#call('Update env record', `project ${projectId}`, (o) =>
      projectsEditProjectEnv(this.#client, { idOrName: projectId, id: record.id, ...this.#scope, requestBody: { value } }, o),
    )
    return toEnvRecord(body)
  }

  async createProjectEnv(projectId: string, record: NewRecord): Promise<EnvRecord[]> {
    const body = await this.#call('Create env record', `project ${projectId}`, (o) =>
      projectsCreateProjectEnv(
        this.#client,
        {
          idOrName: projectId,
          ...this.#scope,
          requestBody: {
            key: record.key,
            value: record.value,
            type: record.type,
            ...(record.target.length ? { target: record.target } : {}),
            ...(record.customEnvironmentIds.length ? { customEnvironmentIds: record.customEnvironmentIds } : {}),
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

  async customEnvironments(project: string): Promise<CustomEnvironment[]> {
    const body = await this.#call('List custom environments', `project ${project}`, (o) =>
      environmentGetProjectsByIdOrNameCustomEnvironments(this.#client, { idOrName: project, ...this.#scope }, o),
    )
    return (body.environments ?? []).map(toCustomEnvironment)
  }

  async findSharedVariables(key: string): Promise<SharedVariable[]> {
    const body = await this.#call('List shared variables', `key ${key}`, (o) =>
      environmentListSharedEnvVariable(this.#client, { search: key, ...this.#scope }, o),
    )
    // `search` matches substrings: keep the exact key only.
    return (body.data as unknown[]).map(toSharedVariable).filter((v) => v.key === key)
  }

  async updateSharedVariables(list: { id: string; value: string }[]): Promise<SharedVariable[]> {
    const updates = Object.fromEntries(list.map(({ id, value }) => [id, { value }]))
    const body = await this.#call('Update shared variable', `team ${this.#teamName()}`, (o) =>
      environmentUpdateSharedEnvVariable(this.#client, { ...this.#scope, requestBody: { updates } }, o),
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

  async getProject(project: string): Promise<Project> {
    // Loaded when first needed: its response schema is large, and a run that stops at its inputs never pays for it.
    const { projectsGetProject } = await import('@vercel/sdk/funcs/projectsGetProject.js')
    const body = await this.#call('Read project', `project ${project}`, (o) =>
      projectsGetProject(this.#client, { idOrName: project, ...this.#scope }, o),
    )
    const read = toProject(body)
    if (read.protectionBypass) this.#onSecret(read.protectionBypass)
    return read
  }

  async *projectPages(): AsyncGenerator<ListedProject[]> {
    // Loaded when first needed: the listing's response schema is as large as the project's.
    const { projectsGetProjects } = await import('@vercel/sdk/funcs/projectsGetProjects.js')
    let from: string | undefined
    for (;;) {
      const parsed = await this.#call('List projects', `team ${this.#teamName()}`, (o) =>
        projectsGetProjects(this.#client, { limit: String(PAGE), ...(from !== undefined ? { from } : {}), ...this.#scope }, o),
      )
      const raw = this.#listingPages.get(from ?? '') as typeof parsed | undefined
      this.#listingPages.delete(from ?? '')
      const body = raw && typeof raw === 'object' ? raw : parsed
      const page = ((Array.isArray(body) ? body : body.projects) ?? []) as unknown[]
      const listed = page.map(toListedProject)
      for (const p of listed) if (p.project?.protectionBypass) this.#onSecret(p.project.protectionBypass)
      yield listed
      const next = Array.isArray(body) ? null : body.pagination?.next
      if (next === null || next === undefined || next === '' || page.length === 0) return
      from = String(next)
    }
  }

  async getStore(idOrName: string): Promise<Store> {
    const { storageGetStorageStoresById } = await import('@vercel/sdk/funcs/storageGetStorageStoresById.js')
    const body = await this.#call('Read store', `store ${idOrName}`, (o) => storageGetStorageStoresById(this.#client, { id: idOrName }, o))
    return { ref: idOrName, connections: ((body.store?.projectsMetadata ?? []) as unknown[]).map(toStoreConnection) }
  }

  async redeploy(source: Deployment, meta: Record<string, string>, options: { staged?: boolean } = {}): Promise<Deployment> {
    const { deploymentsCreateDeployment } = await import('@vercel/sdk/funcs/deploymentsCreateDeployment.js')
    // A custom environment is named by its own field; `target` then stays unset.
    const target = source.target === 'preview' || source.customEnvironmentId ? undefined : source.target
    const find = async () => {
      const found = await this.listDeployments({ projectIds: [source.projectId], since: Date.now() - 15 * 60_000, max: 200 })
      return found.find((d) => d.meta.rotationRun === meta.rotationRun && d.meta.rotationSource === source.id)
    }
    // The create may have happened although the answer was lost: find it by this run's marker, never create twice.
    const lookup = async (err: VercelApiError) => {
      if (err.kind !== 'transport') return find() // a 5xx answer: the server is done with the request
      // A timeout or a dropped connection: the request may still be in Vercel's hands. Look for as long as it
      // was given, and if it never shows, do not send it again: a re-run resumes safely, a duplicate cannot be undone.
      const until = this.#policy.now() + this.#timeoutMs
      for (;;) {
        const found = await find()
        if (found) return found
        if (this.#policy.now() >= until) break
        await this.#policy.sleep(1_000, this.#signal)
      }
      throw new VercelApiError(
        `Redeploy for project ${source.name}: the request got no answer and no new deployment appeared; it was not sent again, so that nothing is deployed twice. Re-run the job to resume.`,
        'http',
        'Redeploy',
      )
    }
    return this.#call(
      'Redeploy',
      `project ${source.name}`,
      (o) =>
        deploymentsCreateDeployment(
          this.#client,
          {
            forceNew: '1',
            ...this.#scope,
            requestBody: {
              name: source.name,
              deploymentId: source.id,
              ...(target ? { target } : {}),
              ...(source.customEnvironmentId ? { customEnvironmentSlugOrId: source.customEnvironmentId } : {}),
              meta,
            },
          },
          options.staged ? { ...o, headers: { [STAGED_MARK]: '1' } } : o,
        ),
      lookup,
      (raw) => toDeployment(raw, { projectId: source.projectId, name: source.name }),
    )
  }

  async listDeployments(q: DeploymentQuery): Promise<Deployment[]> {
    const out: Deployment[] = []
    const max = q.max ?? Infinity
    for (let i = 0; i < q.projectIds.length; i += PROJECTS_PER_LIST) {
      const ids = q.projectIds.slice(i, i + PROJECTS_PER_LIST)
      let until: number | undefined
      for (;;) {
        const body = await this.#call('List deployments', `${ids.length} project(s)`, (o) =>
          deploymentsGetDeployments(
            this.#client,
            {
              ...(ids.length === 1 ? { projectId: ids[0] } : { projectIds: ids }),
              ...(q.since !== undefined ? { since: q.since } : {}),
              ...(until !== undefined ? { until } : {}),
              ...(q.target ? { target: q.target } : {}),
              ...(q.states ? { state: q.states.join(',') } : {}),
              limit: PAGE,
              ...this.#scope,
            },
            o,
          ),
        )
        for (const d of body.deployments as unknown[]) out.push(toDeployment(d))
        const next = body.pagination?.next
        if (!next || body.deployments.length === 0 || out.length >= max) break
        until = next
      }
      if (out.length >= max) break
    }
    return out
  }

  async promote(projectId: string, deploymentId: string): Promise<void> {
    await this.#call('Promote', `project ${projectId}`, (o) => projectsRequestPromote(this.#client, { projectId, deploymentId, ...this.#scope }, o))
  }

  async rollback(projectId: string, deploymentId: string): Promise<void> {
    const { projectsRequestRollback } = await import('@vercel/sdk/funcs/projectsRequestRollback.js')
    await this.#call('Instant Rollback', `project ${projectId}`, (o) =>
      projectsRequestRollback(this.#client, { projectId, deploymentId, ...this.#scope }, o),
    )
  }

  async deploymentAt(host: string): Promise<Deployment | undefined> {
    const { deploymentsGetDeployment } = await import('@vercel/sdk/funcs/deploymentsGetDeployment.js')
    try {
      const body = await this.#call('Read deployment', `domain ${host}`, (o) =>
        deploymentsGetDeployment(this.#client, { idOrUrl: host, ...this.#scope }, o),
      )
      return toDeployment(body)
    } catch (err) {
      if (err instanceof VercelApiError && err.status === 404) return undefined
      throw err
    }
  }

  async rollingRelease(projectId: string): Promise<RollingRelease | undefined> {
    const { rollingReleaseGetRollingRelease } = await import('@vercel/sdk/funcs/rollingReleaseGetRollingRelease.js')
    const body = await this.#call('Read rolling release', `project ${projectId}`, (o) =>
      rollingReleaseGetRollingRelease(this.#client, { idOrName: projectId, ...this.#scope }, o),
    )
    return toRollingRelease(body)
  }

  async completeRollingRelease(projectId: string, canaryDeploymentId: string): Promise<void> {
    const { rollingReleaseCompleteRollingRelease } = await import('@vercel/sdk/funcs/rollingReleaseCompleteRollingRelease.js')
    await this.#call('Complete rolling release', `project ${projectId}`, (o) =>
      rollingReleaseCompleteRollingRelease(this.#client, { idOrName: projectId, ...this.#scope, requestBody: { canaryDeploymentId } }, o),
    )
  }

  async probe(url: string, auth?: ProbeAuth): Promise<ProbeResult> {
    try {
      const signal = this.#signal ? AbortSignal.any([this.#signal, AbortSignal.timeout(this.#timeoutMs)]) : AbortSignal.timeout(this.#timeoutMs)
      const res = await fetch(url, {
        // Trusted Sources take the job's OIDC token in this header; a bypass secret goes in its own.
        headers: !auth
          ? {}
          : 'bypass' in auth
            ? { 'x-vercel-protection-bypass': auth.bypass }
            : { 'x-vercel-trusted-oidc-idp-token': auth.oidcToken },
        redirect: 'manual',
        signal,
      })
      await res.body?.cancel()
      return { status: res.status }
    } catch (err) {
      // Only the error's kind: a message could quote the URL with a secret in its query.
      return { error: (err as Error).name === 'TimeoutError' ? 'timed out' : 'no connection' }
    }
  }

  #teamName(): string {
    return this.#scope.teamId ?? this.#scope.slug ?? '(token scope)'
  }
}
