/**
 * The Vercel port over @vercel/sdk: VercelPort's methods, each a call of its concern's module (calls/env.ts,
 * calls/projects.ts, calls/deployments.ts, probe.ts) on one shared client (client.ts). Only the standalone
 * functions are imported, never the `Vercel` class (it costs ~1.5 s and ~550 MB a run).
 */
import { SdkClient, type SdkOptions } from './client.js'
import * as deployments from './calls/deployments.js'
import * as env from './calls/env.js'
import * as projects from './calls/projects.js'
import { probe } from './probe.js'
import { valueTag } from './value-tag.js'
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
  SharedUpdate,
  SharedVariable,
  Store,
  TaggedValue,
  VercelPort,
} from './port.js'

export type { SdkOptions } from './client.js'

export class SdkVercel implements VercelPort {
  readonly #c: SdkClient
  /** The token stays in this closure: the core gets tags, never the key. */
  readonly #tag: (runId: string, values: TaggedValue[]) => string

  constructor(o: SdkOptions) {
    this.#c = new SdkClient(o)
    this.#tag = (runId, values) => valueTag(o.token, runId, values)
  }

  listProjectEnvs = (project: string): Promise<EnvRecord[]> => env.listProjectEnvs(this.#c, project)
  updateProjectEnv = (projectId: string, record: EnvRecord, value: string, comment?: string): Promise<EnvRecord> =>
    env.updateProjectEnv(this.#c, projectId, record, value, comment)
  createProjectEnv = (projectId: string, record: NewRecord): Promise<EnvRecord[]> => env.createProjectEnv(this.#c, projectId, record)
  customEnvironments = (project: string): Promise<CustomEnvironment[]> => env.customEnvironments(this.#c, project)
  findSharedVariables = (key: string): Promise<SharedVariable[]> => env.findSharedVariables(this.#c, key)
  listSharedVariables = (): Promise<SharedVariable[]> => env.listSharedVariables(this.#c)
  updateSharedVariables = (list: SharedUpdate[]): Promise<SharedVariable[]> => env.updateSharedVariables(this.#c, list)
  getProject = (project: string): Promise<Project> => projects.getProject(this.#c, project)
  projectPages = (): AsyncGenerator<ListedProject[]> => projects.projectPages(this.#c)
  getStore = (idOrName: string): Promise<Store> => projects.getStore(this.#c, idOrName)
  rollingRelease = (projectId: string): Promise<RollingRelease | undefined> => projects.rollingRelease(this.#c, projectId)
  completeRollingRelease = (projectId: string, canaryDeploymentId: string): Promise<void> =>
    projects.completeRollingRelease(this.#c, projectId, canaryDeploymentId)
  redeploy = (source: Deployment, meta: Record<string, string>, options?: { staged?: boolean }): Promise<Deployment> =>
    deployments.redeploy(this.#c, source, meta, options)
  listDeployments = (q: DeploymentQuery): Promise<Deployment[]> => deployments.listDeployments(this.#c, q)
  promote = (projectId: string, deploymentId: string): Promise<{ queued: boolean }> => deployments.promote(this.#c, projectId, deploymentId)
  rollback = (projectId: string, deploymentId: string): Promise<void> => deployments.rollback(this.#c, projectId, deploymentId)
  deploymentAt = (host: string): Promise<Deployment | undefined> => deployments.deploymentAt(this.#c, host)
  probe = (url: string, auth?: ProbeAuth): Promise<ProbeResult> => probe(this.#c, url, auth)
  valueTag = (runId: string, values: TaggedValue[]): string => this.#tag(runId, values)
}
