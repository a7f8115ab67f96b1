/**
 * A team for mode audit: every kind of record the audit tells apart, on a few named projects, and as many projects
 * and records beside them as a benchmark asks for (1000 projects × 30 records). Metadata is what matters here:
 * types, targets, ages, authors, comments, Vercel's flags, integration ownership, and what serves each project.
 */
import type { CustomEnvironment, EnvType, Project, ProjectEnv, SharedEnv, Store, Team } from './model.js'
import type { State } from './state.js'

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS

/** The action's rotation stamp, as `mode: rotate` writes it into a record's comment (src/rotation/stamp.ts). */
export const auditStamp = (at: number, run = '4242'): string =>
  `[rotate-vercel-secret: rotated ${new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z')} by acme/platform run ${run}]`

export interface AuditSeedOptions {
  /** Projects in the team, app-001 onwards (default 4; at least 3, which hold the named cases). */
  projects?: number
  /** Records of each project, the named cases included (default 8). */
  recordsPerProject?: number
  /** Shared variables besides the two named ones, each linked to one project (default 0). Over 23, the listing pages. */
  extraShared?: number
  teamId?: string
  slug?: string
}

export interface AuditSeed {
  team: Team
  /** app-001, app-002, … in order. */
  projects: Project[]
  /** Every shared variable: the two named ones first, then the extra ones. */
  shared: SharedEnv[]
  /** app-001's custom environment, served by a deployment of its own. */
  staging: CustomEnvironment
  /** A Marketplace store connected to app-002. */
  store: Store
  /** The records of each case, named by what makes them one. */
  cases: {
    /** app-001 DATABASE_URL: sensitive, rotated by the action 10 days ago (stamp), the comment's own text kept. */
    stamped: ProjectEnv
    /** app-001 LEGACY_API_KEY: encrypted (readable) in production, preview and development, last edited 400 days ago, no stamp. */
    readable: ProjectEnv
    /** app-001 SESSION_SECRET: encrypted, and Vercel flags it `readable-secret`. */
    flagged: ProjectEnv
    /** app-001 NEXT_PUBLIC_SITE_URL: encrypted public configuration. */
    publicConfig: ProjectEnv
    /** app-001 CRON_SECRET: sensitive, edited an hour ago, after production's deployment was built. */
    notDeployed: ProjectEnv
    /** app-001 STAGING_TOKEN: sensitive, for the custom environment staging only. */
    custom: ProjectEnv
    /** app-002 STRIPE_SECRET_KEY for production: overrides the shared variable of the same key there. */
    shadow: ProjectEnv
    /** app-002's records that the store's integration created and manages. */
    integration: ProjectEnv[]
    /** Shared STRIPE_SECRET_KEY: sensitive, production and preview, linked to every project, rotated 30 days ago (stamp). */
    sharedStripe: SharedEnv
    /** Shared SENTRY_AUTH_TOKEN: encrypted, flagged, every custom environment too, linked to app-001 and app-003. */
    sharedReadable: SharedEnv
  }
}

const meta = (branch: string) => ({ githubCommitRef: branch, githubOrg: 'acme', githubRepo: 'monorepo' })

/** The filler records of one project: a deterministic mix of kinds and ages, none of them a named case. */
function fill(state: State, project: Project, count: number, now: number, p: number): void {
  for (let i = 0; i < count; i++) {
    const kind = (i + p) % 6
    const key = kind === 0 ? `NEXT_PUBLIC_FEATURE_${i}` : `SERVICE_${i}_${kind % 2 === 0 ? 'TOKEN' : 'SECRET'}`
    const type: EnvType = kind === 0 || kind === 3 ? 'encrypted' : 'sensitive'
    // Ages from 2 days to about 2 years: every record older than production's deployment, a day old.
    const updatedAt = now - 2 * DAY_MS - ((i * 37 + p * 11) % 700) * DAY_MS
    const stamped = kind === 2 || kind === 4
    state.addProjectEnv(project, {
      key,
      value: `filler-${p}-${i}`,
      type,
      target: type === 'sensitive' ? ['production', 'preview'] : ['production', 'preview', 'development'],
      createdAt: updatedAt - 30 * DAY_MS,
      updatedAt,
      ...(stamped ? { comment: auditStamp(updatedAt, String(1000 + i)) } : {}),
    })
  }
}

/**
 * Seeds the audit team. The named cases sit on app-001 to app-003; `recordsPerProject` and `projects` scale the
 * rest. Every record and shared variable is written by the seed user, before every production deployment (a day
 * ago) except CRON_SECRET, edited after it.
 */
export function seedAuditTeam(state: State, options: AuditSeedOptions = {}): AuditSeed {
  const count = options.projects ?? 4
  const perProject = options.recordsPerProject ?? 8
  if (count < 3) throw new Error('seedAuditTeam: at least 3 projects hold the named cases')
  const now = state.now()
  const team = state.addTeam({ id: options.teamId ?? 'team_audit', slug: options.slug ?? 'audit' })
  const projects: Project[] = []
  for (let i = 1; i <= count; i++) {
    const name = `app-${String(i).padStart(3, '0')}`
    projects.push(state.addProject({ id: `prj_audit${String(i).padStart(4, '0')}`, name, teamId: team.id }))
  }
  const [app1, app2] = projects as [Project, Project, Project]
  const staging = state.addCustomEnvironment(app1, { slug: 'staging' })

  const add = (project: Project, input: Parameters<State['addProjectEnv']>[1]) => state.addProjectEnv(project, input)
  const stamped = add(app1, {
    key: 'DATABASE_URL',
    value: 'postgres://app:seeded@db.internal/app',
    type: 'sensitive',
    target: ['production', 'preview'],
    comment: `Primary database ${auditStamp(now - 10 * DAY_MS)}`,
    createdAt: now - 300 * DAY_MS,
    updatedAt: now - 10 * DAY_MS,
  })
  const readable = add(app1, {
    key: 'LEGACY_API_KEY',
    value: 'legacy-seeded',
    type: 'encrypted',
    target: ['production', 'preview', 'development'],
    createdAt: now - 500 * DAY_MS,
    updatedAt: now - 400 * DAY_MS,
  })
  const flagged = add(app1, {
    key: 'SESSION_SECRET',
    value: 'session-seeded',
    type: 'encrypted',
    target: ['production', 'preview'],
    securityIssues: ['readable-secret'],
    createdAt: now - 60 * DAY_MS,
  })
  const publicConfig = add(app1, {
    key: 'NEXT_PUBLIC_SITE_URL',
    value: 'https://app.example.com',
    type: 'encrypted',
    target: ['production', 'preview', 'development'],
    createdAt: now - 700 * DAY_MS,
  })
  const cron = add(app1, { key: 'CRON_SECRET', value: 'cron-seeded', type: 'sensitive', target: ['production'], createdAt: now - 30 * DAY_MS })
  const custom = add(app1, {
    key: 'STAGING_TOKEN',
    value: 'staging-seeded',
    type: 'sensitive',
    target: [],
    customEnvironmentIds: [staging.id],
    createdAt: now - 20 * DAY_MS,
  })
  const shadow = add(app2, {
    key: 'STRIPE_SECRET_KEY',
    value: 'sk_project_seeded',
    type: 'sensitive',
    target: ['production'],
    createdAt: now - 90 * DAY_MS,
  })
  const store = state.addStore(team.id, {
    name: 'acme-postgres',
    secrets: { POSTGRES_URL: 'postgres://store-seeded', POSTGRES_PASSWORD: 'store-seeded' },
    connections: [{ project: app2, environments: ['production', 'preview'] }],
  })
  const integration = state.projectEnvs(app2).filter((r) => r.contentHint?.storeId === store.id)
  // Connected long ago: the provider's records predate production's deployment like the rest.
  for (const r of integration) r.createdAt = r.updatedAt = now - 50 * DAY_MS

  // Oldest first: with extra shared variables, the named ones land on the listing's last page.
  const sharedStripe = state.addSharedEnv(team.id, {
    key: 'STRIPE_SECRET_KEY',
    value: 'sk_shared_seeded',
    type: 'sensitive',
    target: ['production', 'preview'],
    projectIds: projects.map((p) => p.id),
    comment: auditStamp(now - 30 * DAY_MS),
    createdAt: now - 400 * DAY_MS,
    updatedAt: now - 30 * DAY_MS,
  })
  const sharedReadable = state.addSharedEnv(team.id, {
    key: 'SENTRY_AUTH_TOKEN',
    value: 'sentry-seeded',
    type: 'encrypted',
    target: ['production', 'preview'],
    applyToAllCustomEnvironments: true,
    projectIds: [projects[0]!.id, projects[2]!.id],
    securityIssues: ['readable-secret'],
    createdAt: now - 399 * DAY_MS,
    updatedAt: now - 200 * DAY_MS,
  })
  const shared = [sharedStripe, sharedReadable]
  for (let i = 1; i <= (options.extraShared ?? 0); i++) {
    const linked = projects[(i - 1) % projects.length]!
    shared.push(
      state.addSharedEnv(team.id, {
        key: `SHARED_${i}_TOKEN`,
        value: `shared-seeded-${i}`,
        type: i % 3 === 0 ? 'encrypted' : 'sensitive',
        target: ['production', 'preview'],
        projectIds: [linked.id],
        createdAt: now - 300 * DAY_MS + i * HOUR_MS,
        updatedAt: now - 100 * DAY_MS,
      }),
    )
  }

  projects.forEach((project, p) => {
    const named = state.projectEnvs(project).length
    fill(state, project, Math.max(0, perProject - named), now, p)
    state.addDeployment(project, { target: 'production', meta: meta('main'), createdAt: now - DAY_MS - p })
  })
  state.addDeployment(app1, { target: null, customEnvironmentId: staging.id, meta: meta('staging'), createdAt: now - 2 * DAY_MS })
  // Edited after production was built: production still serves the value it held before.
  const notDeployed = state.editProjectEnv(app1, cron.id, { value: 'cron-edited' })

  return {
    team,
    projects,
    shared,
    staging,
    store,
    cases: { stamped, readable, flagged, publicConfig, notDeployed, custom, shadow, integration, sharedStripe, sharedReadable },
  }
}
