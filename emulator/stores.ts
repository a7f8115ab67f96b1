/**
 * Marketplace storage resources: a store provides variables to every project connected to it, as records the
 * integration created (`configurationId`, `contentHint: integration-store-secret`), and its provider rotates them.
 */
import { randomBytes } from 'node:crypto'
import { notFound } from './errors.js'
import type { EnvTarget, Project, ProjectEnv, Store, Team } from './model.js'

const id = (prefix: string) => prefix + randomBytes(12).toString('hex').slice(0, 16)

export interface StoreInput {
  id?: string
  name: string
  secrets: Record<string, string>
  connections: { project: Project; environments?: EnvTarget[]; envVarPrefix?: string | null }[]
  integrationId?: string
  integrationProductId?: string
}

/** The variable name a connection gives one secret of the store. */
const keyOf = (prefix: string | null, secret: string) => `${prefix ?? ''}${secret}`

export class Stores {
  private readonly byId = new Map<string, Store>()

  /** Creates a store and, in every connected project, the records the integration would create. */
  add(team: Team, input: StoreInput, now: number, newEnvId: () => string, by: string): Store {
    const store: Store = {
      id: input.id ?? id('store_'),
      name: input.name,
      ownerId: team.id,
      integrationId: input.integrationId ?? 'oac_neon',
      integrationProductId: input.integrationProductId ?? 'iap_postgres',
      integrationConfigurationId: id('icfg_'),
      secrets: Object.keys(input.secrets),
      connections: [],
      createdAt: now,
      updatedAt: now,
    }
    for (const c of input.connections) {
      const environments = c.environments ?? ['production', 'preview', 'development']
      const envVarPrefix = c.envVarPrefix ?? null
      store.connections.push({ id: id('spc_'), projectId: c.project.id, environments, envVarPrefix })
      for (const [secret, value] of Object.entries(input.secrets)) {
        c.project.env.push({
          id: newEnvId(),
          key: keyOf(envVarPrefix, secret),
          value,
          type: 'encrypted',
          target: environments,
          customEnvironmentIds: [],
          configurationId: store.integrationConfigurationId,
          contentHint: {
            type: 'integration-store-secret',
            storeId: store.id,
            integrationId: store.integrationId,
            integrationProductId: store.integrationProductId,
            integrationConfigurationId: store.integrationConfigurationId,
          },
          securityIssues: [],
          createdAt: now,
          updatedAt: now,
          // The member who connected the store; a provider's later rotation is not attributed to anyone here.
          createdBy: by,
          updatedBy: by,
        })
      }
    }
    this.byId.set(store.id, store)
    return store
  }

  /** By ID, as Vercel's API looks stores up; within one team when given. */
  get(ref: string, teamId?: string): Store {
    const store = this.byId.get(ref)
    if (!store || (teamId !== undefined && store.ownerId !== teamId)) throw notFound('Store not found')
    return store
  }

  /**
   * The provider's rotation: new values land in every connected project's records, and no deployment is rebuilt
   * ("Redeployment is a manual action and must be completed by the user").
   */
  rotate(store: Store, values: Record<string, string>, projects: (id: string) => Project, now: number): ProjectEnv[] {
    const changed: ProjectEnv[] = []
    for (const c of store.connections) {
      for (const r of projects(c.projectId).env) {
        if (r.contentHint?.storeId !== store.id) continue
        const secret = store.secrets.find((s) => keyOf(c.envVarPrefix, s) === r.key)
        if (secret === undefined || values[secret] === undefined) continue
        r.value = values[secret]
        r.updatedAt = now
        changed.push(r)
      }
    }
    store.updatedAt = now
    return changed
  }
}

/** GET /v1/storage/stores/{id}: shaped so that the SDK's `getStorageStoresById` schema accepts it. */
export function storeView(store: Store, projects: (id: string) => Project): Record<string, unknown> {
  return {
    store: {
      id: store.id,
      name: store.name,
      type: 'integration',
      ownerId: store.ownerId,
      status: 'available',
      usageQuotaExceeded: false,
      totalConnectedProjects: store.connections.length,
      createdAt: store.createdAt,
      updatedAt: store.updatedAt,
      projectsMetadata: store.connections.map((c) => {
        const project = projects(c.projectId)
        return {
          id: c.id,
          projectId: c.projectId,
          name: project.name,
          framework: null,
          environments: c.environments,
          environmentVariables: store.secrets.map((s) => keyOf(c.envVarPrefix, s)),
          envVarPrefix: c.envVarPrefix,
        }
      }),
    },
  }
}
