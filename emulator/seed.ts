import { randomBytes } from 'node:crypto'
import type { Project, SharedEnv, Team } from './model.js'
import type { State } from './state.js'

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS

const sha = (): string => randomBytes(20).toString('hex')

function gitMeta(branch: string): Record<string, string> {
  return { githubCommitRef: branch, githubCommitSha: sha(), githubOrg: 'acme', githubRepo: 'monorepo' }
}

export interface DemoSeed {
  team: Team
  projects: Record<'web' | 'api' | 'docs' | 'admin', Project>
  stripe: SharedEnv
}

/**
 * The demo team: four projects, a project-level DATABASE_URL on web and api, a shared STRIPE_SECRET_KEY linked
 * to web, api and docs (admin does not use it), production deployments that serve since yesterday and a
 * preview per project on `feature/login`.
 */
export function seedDemo(state: State): DemoSeed {
  const now = state.now()
  const team = state.addTeam({ id: 'team_acme', slug: 'acme' })
  const names = ['web', 'api', 'docs', 'admin'] as const
  const projects = Object.fromEntries(
    names.map((name) => [name, state.addProject({ id: `prj_${name}`, name, teamId: team.id })]),
  ) as DemoSeed['projects']

  for (const name of ['web', 'api'] as const) {
    state.addProjectEnv(projects[name], {
      key: 'DATABASE_URL',
      value: `postgres://${name}:old-password@db.acme.internal:5432/${name}`,
      type: 'sensitive',
      target: ['production', 'preview'],
    })
  }
  const stripe = state.addSharedEnv(team.id, {
    key: 'STRIPE_SECRET_KEY',
    value: 'sk_live_old_4eC39HqLyjWDarjtT1zdp7dc',
    type: 'sensitive',
    target: ['production', 'preview'],
    projectIds: ['prj_web', 'prj_api', 'prj_docs'],
  })

  // Deployments come after the variables so that their snapshots hold the old values.
  names.forEach((name, i) => {
    state.addDeployment(projects[name], {
      target: null,
      gitBranch: 'feature/login',
      meta: gitMeta('feature/login'),
      createdAt: now - 3 * DAY_MS - i * HOUR_MS,
    })
    state.addDeployment(projects[name], { target: 'production', meta: gitMeta('main'), createdAt: now - DAY_MS - i * HOUR_MS })
  })
  return { team, projects, stripe }
}

export interface TeamSeedOptions {
  projects: number
  /** Link the shared variable to every project (default true). */
  linked?: boolean
  key?: string
  teamId?: string
  slug?: string
}

export interface TeamSeed {
  team: Team
  projects: Project[]
  shared: SharedEnv
}

/** A large team for the fan-out benchmark: app-001..app-N, each serving production, one shared variable. */
export function seedTeam(state: State, options: TeamSeedOptions): TeamSeed {
  const now = state.now()
  const team = state.addTeam({ id: options.teamId ?? 'team_bench', slug: options.slug ?? 'bench' })
  const projects: Project[] = []
  for (let i = 1; i <= options.projects; i++) {
    const name = `app-${String(i).padStart(3, '0')}`
    projects.push(state.addProject({ id: `prj_${name.replace('-', '')}`, name, teamId: team.id }))
  }
  const shared = state.addSharedEnv(team.id, {
    key: options.key ?? 'SHARED_SECRET',
    value: 'old-secret-value',
    type: 'sensitive',
    target: ['production', 'preview'],
    projectIds: options.linked === false ? [] : projects.map((p) => p.id),
  })
  projects.forEach((project, i) => {
    state.addDeployment(project, { target: 'production', meta: gitMeta('main'), createdAt: now - DAY_MS - i })
  })
  return { team, projects, shared }
}

/**
 * What proving a rotation meets on web: a custom environment, staging, served by a deployment built from the
 * same DATABASE_URL record, and Deployment Protection with the project's own automation bypass secret.
 */
export function seedProving(state: State, seed: DemoSeed): void {
  const web = seed.projects.web
  const staging = state.addCustomEnvironment(web, { slug: 'staging' })
  state
    .projectEnvs(web)
    .find((r) => r.key === 'DATABASE_URL')!
    .customEnvironmentIds.push(staging.id)
  state.configure(web, { protection: true, bypassSecrets: [randomBytes(16).toString('hex')] })
  state.addDeployment(web, { target: null, customEnvironmentId: staging.id, meta: gitMeta('staging'), createdAt: state.now() - 2 * DAY_MS })
}
