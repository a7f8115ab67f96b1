/**
 * mode: audit's judgement (src/audit/findings.ts): each kind of finding with a case that produces it and one that
 * must not, each policy failing with it and holding without it, `ignore` and `name` patterns, the age from the
 * rotation stamp or the last edit, the rotation matrix, and the order worst first. Pure: no emulator.
 */
import { describe, expect, it } from 'vitest'
import { judgeInventory } from '../src/audit/findings.js'
import { DEFAULT_IGNORE, keyMatcher } from '../src/audit/key-patterns.js'
import type { AuditProject, AuditRecord, AuditSettings, Finding, Inventory } from '../src/audit/types.js'
import { auditFailure, auditOutputsOf } from '../src/report/audit-outputs.js'
import { formatStamp } from '../src/rotation/stamp.js'

const NOW = Date.parse('2026-12-07T07:00:00.000Z')
const DAY = 86_400_000
const ago = (days: number) => NOW - days * DAY

const project = (name: string, over: Partial<AuditProject> = {}): AuditProject => ({
  id: `prj_${name}`,
  name,
  production: { deploymentId: `dpl_${name}Prod`, createdAt: ago(1), url: `${name}-abc-acme.vercel.app` },
  customEnvironments: [],
  ...over,
})

let n = 0
const record = (key: string, projects: string[], over: Partial<AuditRecord> = {}): AuditRecord => ({
  id: `env_${n++}`,
  key,
  scope: 'project',
  type: 'sensitive',
  targets: ['production', 'preview'],
  customEnvironmentIds: [],
  projectIds: projects.map((p) => `prj_${p}`),
  securityIssues: [],
  updatedAt: ago(10),
  ...over,
})

const inventory = (projects: AuditProject[], records: AuditRecord[], over: Partial<Inventory> = {}): Inventory => ({
  team: 'acme',
  projects,
  records,
  gaps: [],
  ...over,
})

const settings = (over: Partial<AuditSettings> = {}): AuditSettings => ({
  team: 'acme',
  keys: [],
  ignore: DEFAULT_IGNORE,
  requireSensitive: false,
  ...over,
})

const judge = (inv: Inventory, over: Partial<AuditSettings> = {}) => judgeInventory(inv, settings(over), NOW)
const kinds = (fs: Finding[]) => fs.map((f) => `${f.kind} ${f.key}${f.projects.length ? ` ${f.projects.join(',')}` : ''}`)
const stamp = (days: number) => formatStamp({ at: new Date(ago(days)), repository: 'acme/platform', runId: '4242', runAttempt: 1 })

const web = project('web')
const api = project('api')

describe('readable', () => {
  it('is a record in production or preview that is not sensitive', () => {
    const r = judge(inventory([web], [record('STRIPE_SECRET_KEY', ['web'], { type: 'encrypted' })]))
    expect(kinds(r.findings)).toEqual(['readable STRIPE_SECRET_KEY web'])
    expect(r.findings[0]).toMatchObject({ scope: 'project', targets: ['production', 'preview'], violation: false })
    expect(r.findings[0]!.detail).toMatch(/^encrypted, not sensitive/)
    // The action says what makes it unreadable, and that the value is to be taken as seen.
    expect(r.findings[0]!.action).toMatch(/sensitive/)
    expect(r.findings[0]!.action).toMatch(/assumed seen/)
  })

  it('is a plain record in preview alone, and a record of a custom environment alone', () => {
    const staging = project('web', { customEnvironments: [{ id: 'env_stg', slug: 'staging' }] })
    const r = judge(
      inventory(
        [staging],
        [
          record('RESEND_API_KEY', ['web'], { type: 'plain', targets: ['preview'] }),
          record('FLAGS_SECRET', ['web'], { type: 'encrypted', targets: [], customEnvironmentIds: ['env_stg'] }),
        ],
      ),
    )
    expect(kinds(r.findings)).toEqual(['readable FLAGS_SECRET web', 'readable RESEND_API_KEY web'])
    expect(r.findings[0]!.targets).toEqual(['staging'])
  })

  it('is a record Vercel flags readable-secret, even when its type is sensitive', () => {
    const r = judge(inventory([web], [record('API_KEY', ['web'], { securityIssues: ['readable-secret'] })]))
    expect(kinds(r.findings)).toEqual(['readable API_KEY web'])
    expect(r.findings[0]!.detail).toBe('Vercel flags it readable-secret')
  })

  it('is never a sensitive record, a development-only one, or a system one', () => {
    const r = judge(
      inventory(
        [web],
        [
          record('AUTH_SECRET', ['web']),
          record('DEBUG_TOKEN', ['web'], { type: 'encrypted', targets: ['development'] }),
          record('VERCEL_URL', ['web'], { type: 'system' }),
        ],
      ),
    )
    expect(r.findings).toEqual([])
  })
})

describe('old', () => {
  it('is older than max-age-days, and always a violation', () => {
    const r = judge(inventory([web], [record('AUTH_SECRET', ['web'], { updatedAt: ago(91) })]), { maxAgeDays: 90 })
    expect(kinds(r.findings)).toEqual(['old AUTH_SECRET web'])
    expect(r.findings[0]).toMatchObject({ ageDays: 91, ageFrom: 'edit', violation: true })
    expect(r.findings[0]!.action).toMatch(/mode: rotate with name: AUTH_SECRET and projects: web/)
  })

  it('is not a record of exactly max-age-days, nor one whose age Vercel did not give', () => {
    const r = judge(
      inventory([web], [record('AUTH_SECRET', ['web'], { updatedAt: ago(90) }), record('OTHER_SECRET', ['web'], { updatedAt: undefined })]),
      { maxAgeDays: 90 },
    )
    expect(r.findings).toEqual([])
  })

  it('is never judged without max-age-days: age is reported, not enforced', () => {
    const r = judge(inventory([web], [record('AUTH_SECRET', ['web'], { updatedAt: ago(900) })]))
    expect(r.findings).toEqual([])
    expect(r.violations).toEqual([])
  })
})

describe('age', () => {
  it('comes from the rotation stamp where there is one, though a later metadata edit moved updatedAt', () => {
    const r = judge(inventory([web], [record('AUTH_SECRET', ['web'], { comment: `Primary ${stamp(212)}`, updatedAt: ago(3) })]), { maxAgeDays: 90 })
    expect(r.findings[0]).toMatchObject({ kind: 'old', ageDays: 212, ageFrom: 'rotation' })
    expect(r.findings[0]!.detail).toBe('212 days since it was rotated, by acme/platform run 4242')
  })

  it('comes from the last edit without a stamp, and says who edited it', () => {
    const r = judge(inventory([web], [record('AUTH_SECRET', ['web'], { comment: 'Primary key', updatedAt: ago(120), editedBy: 'Dana Ortiz' })]), {
      maxAgeDays: 90,
    })
    expect(r.findings[0]).toMatchObject({ ageDays: 120, ageFrom: 'edit' })
    expect(r.findings[0]!.detail).toBe('120 days since it was last edited (by Dana Ortiz)')
  })

  it('counts whole days, rounded down', () => {
    const r = judge(inventory([web], [record('AUTH_SECRET', ['web'], { updatedAt: NOW - 91 * DAY + 1 })]), { maxAgeDays: 90 })
    expect(r.findings).toEqual([])
    const s = judge(inventory([web], [record('AUTH_SECRET', ['web'], { updatedAt: NOW - 91 * DAY })]), { maxAgeDays: 90 })
    expect(s.findings[0]!.ageDays).toBe(91)
  })

  it('a fresh stamp keeps a record edited long ago from being old', () => {
    const r = judge(inventory([web], [record('AUTH_SECRET', ['web'], { comment: stamp(5), updatedAt: ago(5) })]), { maxAgeDays: 90 })
    expect(r.findings).toEqual([])
    expect(r.counts.stamped).toBe(1)
  })
})

describe('not-deployed', () => {
  it('is production serving a deployment created before the record’s last edit, naming it and how long before', () => {
    const behind = project('web', { production: { deploymentId: 'dpl_old', createdAt: ago(13), url: 'web-old-acme.vercel.app' } })
    const r = judge(inventory([behind], [record('DATABASE_URL', ['web'], { updatedAt: ago(10) })]))
    expect(kinds(r.findings)).toEqual(['not-deployed DATABASE_URL web'])
    expect(r.findings[0]!.detail).toBe('production of web serves dpl_old (web-old-acme.vercel.app), created 3 days before the last edit')
    expect(r.findings[0]!.action).toBe('Run mode: redeploy with name: DATABASE_URL and projects: web.')
    expect(r.findings[0]!.violation).toBe(false)
  })

  it('says so when the stamp predates the build behind: the later edit may be metadata or a value written back', () => {
    const behind = project('web', { production: { deploymentId: 'dpl_old', createdAt: ago(13) } })
    const restored = record('DATABASE_URL', ['web'], { updatedAt: ago(10), comment: stamp(20) })
    const [f] = judge(inventory([behind], [restored])).findings
    expect(f!.kind).toBe('not-deployed')
    expect(f!.detail).toMatch(/created 3 days before the last edit; the value was last rotated \(.* UTC\) before that build, so the later edit may/)
    // A stamp newer than the build says nothing of the kind: the value itself changed after it was built.
    const rotated = record('DATABASE_URL', ['web'], { updatedAt: ago(10), comment: stamp(10) })
    expect(judge(inventory([behind], [rotated])).findings[0]!.detail).toBe('production of web serves dpl_old, created 3 days before the last edit')
  })

  it('is not a production built after the edit, nor a record that does not target production', () => {
    const behind = project('web', { production: { deploymentId: 'dpl_old', createdAt: ago(13) } })
    const r = judge(
      inventory(
        [web, project('api', { production: { deploymentId: 'dpl_old', createdAt: ago(13) } })],
        [record('DATABASE_URL', ['web']), record('PREVIEW_DB', ['api'], { targets: ['preview'] })],
      ),
    )
    expect(r.findings).toEqual([])
    expect(judge(inventory([behind], [record('DATABASE_URL', ['web'], { updatedAt: ago(20) })])).findings).toEqual([])
  })

  it('is a custom environment whose serving deployment predates the edit; one it cannot tell is not a finding', () => {
    const p = project('web', {
      customEnvironments: [
        { id: 'env_stg', slug: 'staging', serving: { deploymentId: 'dpl_stg', createdAt: ago(12) } },
        { id: 'env_qa', slug: 'qa' },
      ],
    })
    const r = judge(inventory([p], [record('FLAGS_SECRET', ['web'], { targets: [], customEnvironmentIds: ['env_stg', 'env_qa'] })]))
    expect(kinds(r.findings)).toEqual(['not-deployed FLAGS_SECRET web'])
    expect(r.findings[0]!.detail).toMatch(/^staging of web serves dpl_stg, created 2 days before the last edit$/)
  })

  it('names, for a shared variable, only the linked projects behind, and leaves out a project whose own record wins there', () => {
    const old = { deploymentId: 'dpl_old', createdAt: ago(12) }
    const projects = [project('web', { production: old }), project('api', { production: old }), project('docs'), project('shop', { production: old })]
    const shared = record('DATABASE_URL', ['web', 'api', 'docs', 'shop', 'gone'], { scope: 'shared' })
    const own = record('DATABASE_URL', ['shop'], { targets: ['production'], updatedAt: ago(200) })
    const r = judge(inventory(projects, [shared, own]))
    const behind = r.findings.filter((f) => f.kind === 'not-deployed')
    expect(behind.map((f) => [f.record, f.projects])).toEqual([[shared.id, ['api', 'web']]])
    expect(behind[0]!.action).toMatch(/scope: team and name: DATABASE_URL: it rebuilds api and web/)
  })
})

describe('shadowed', () => {
  it('is a project record overriding a linked shared variable of the same key on a shared target', () => {
    const shared = record('DATABASE_URL', ['web', 'api'], { scope: 'shared', targets: ['production', 'preview'] })
    const own = record('DATABASE_URL', ['api'], { targets: ['preview'] })
    const r = judge(inventory([web, api], [shared, own]))
    expect(kinds(r.findings)).toEqual(['shadowed DATABASE_URL api'])
    expect(r.findings[0]).toMatchObject({ scope: 'project', record: own.id, violation: false })
    expect(r.findings[0]!.detail).toBe(`overrides shared variable ${shared.id} on preview: api uses its own value there`)
  })

  it('is an override through a shared variable for every custom environment', () => {
    const p = project('web', { customEnvironments: [{ id: 'env_stg', slug: 'staging' }] })
    const shared = record('DATABASE_URL', ['web'], { scope: 'shared', targets: ['production'], allCustomEnvironments: true })
    const own = record('DATABASE_URL', ['web'], { targets: [], customEnvironmentIds: ['env_stg'] })
    const r = judge(inventory([p], [shared, own]))
    expect(kinds(r.findings)).toEqual(['shadowed DATABASE_URL web'])
    expect(r.findings[0]!.detail).toMatch(/ on staging: /)
  })

  it('is not a project record on other targets, in a project not linked, or of another key', () => {
    const shared = record('DATABASE_URL', ['web'], { scope: 'shared', targets: ['production'] })
    const r = judge(
      inventory(
        [web, api],
        [
          shared,
          record('DATABASE_URL', ['web'], { targets: ['preview'] }),
          record('DATABASE_URL', ['api'], { targets: ['production'] }),
          record('DATABASE_URL_UNPOOLED', ['web'], { targets: ['production'] }),
        ],
      ),
    )
    expect(r.findings).toEqual([])
  })
})

describe('integration', () => {
  const neon = { storeId: 'store_neon1', integrationId: 'oac_neon' }

  it('replaces readable and old for a record an integration manages, and is kept out of the matrix', () => {
    const r = judge(inventory([web], [record('POSTGRES_URL', ['web'], { type: 'encrypted', updatedAt: ago(200), managedBy: neon })]), {
      maxAgeDays: 90,
    })
    expect(kinds(r.findings)).toEqual(['integration POSTGRES_URL web'])
    expect(r.findings[0]!.action).toBe('Rotate it at the provider (store store_neon1), then run mode: redeploy with store: store_neon1.')
    expect(r.findings[0]!.detail).toMatch(/^managed by store store_neon1: encrypted, not sensitive.*; 200 days since it was last edited$/)
    expect(r.matrix).toEqual([])
  })

  it('is a violation when its reason is one: old under max-age-days, readable under require-sensitive', () => {
    const readable = inventory([web], [record('POSTGRES_URL', ['web'], { type: 'encrypted', managedBy: neon })])
    expect(judge(readable).findings[0]!.violation).toBe(false)
    expect(judge(readable).violations).toEqual([])
    const strict = judge(readable, { requireSensitive: true })
    expect(strict.findings[0]!.violation).toBe(true)
    expect(strict.violations).toEqual([
      'POSTGRES_URL (project record env_' +
        strict.findings[0]!.record.slice(4) +
        ' in web, managed by an integration): readable (encrypted, not sensitive) while require-sensitive is true',
    ])
  })

  it('is not a managed record that is sensitive and within the policy', () => {
    expect(
      judge(inventory([web], [record('POSTGRES_URL', ['web'], { managedBy: neon })]), { maxAgeDays: 90, requireSensitive: true }).findings,
    ).toEqual([])
  })
})

describe('policies', () => {
  const readable = inventory([web], [record('STRIPE_SECRET_KEY', ['web'], { type: 'encrypted' })])
  const old = inventory([web], [record('AUTH_SECRET', ['web'], { comment: stamp(212), updatedAt: ago(212) })])

  it('require-sensitive makes a readable record a violation that fails the step; without it, the audit reports and succeeds', () => {
    const strict = judge(readable, { requireSensitive: true })
    expect(strict.violations).toHaveLength(1)
    expect(strict.violations[0]).toMatch(
      /^STRIPE_SECRET_KEY \(project record env_\d+ in web\): readable \(encrypted, not sensitive\) while require-sensitive is true$/,
    )
    expect(auditFailure(strict)).toMatch(/^The audit found 1 policy violation\. Fix: make each readable record sensitive/)
    expect(auditFailure(strict)).toContain(`\n- ${strict.violations[0]}`)
    const lax = judge(readable)
    expect(lax.findings).toHaveLength(1)
    expect(lax.violations).toEqual([])
    expect(auditFailure(lax)).toBeUndefined()
  })

  it('max-age-days makes an old record a violation naming the rule and the age; without it, nothing fails', () => {
    const strict = judge(old, { maxAgeDays: 90 })
    expect(strict.violations).toEqual([
      `AUTH_SECRET (project record ${strict.findings[0]!.record} in web): older than max-age-days 90: 212 days since it was rotated, by acme/platform run 4242`,
    ])
    expect(auditFailure(strict)).toMatch(/rotation-matrix/)
    expect(judge(old).violations).toEqual([])
    expect(auditFailure(judge(old))).toBeUndefined()
  })

  it('a shared variable’s violation names its linked projects, a few and the count of the rest', () => {
    const many = Array.from({ length: 8 }, (_, i) => project(`p${i}`))
    const r = judge(
      inventory(many, [
        record(
          'SENTRY_AUTH_TOKEN',
          many.map((p) => p.name),
          { scope: 'shared', updatedAt: ago(120) },
        ),
      ]),
      { maxAgeDays: 90 },
    )
    expect(r.violations[0]).toMatch(
      /^SENTRY_AUTH_TOKEN \(shared variable env_\d+, linked to p0, p1, p2, p3, p4 and 3 more\): older than max-age-days 90: 120 days/,
    )
  })

  it('an error fails the step whatever the findings', () => {
    expect(auditFailure(undefined, 'HTTP 403 from GET /v10/projects')).toBe('HTTP 403 from GET /v10/projects')
    expect(auditFailure(undefined)).toBe('The audit did not run.')
  })
})

describe('ignore', () => {
  const records = () => [
    record('NEXT_PUBLIC_API_URL', ['web'], { type: 'plain', updatedAt: ago(300) }),
    record('INTERNAL_FLAG', ['web'], { type: 'plain', updatedAt: ago(300) }),
  ]

  it('by default keeps public configuration of the common frameworks out of readable and old, counted as ignored', () => {
    const r = judge(inventory([web], records()), { maxAgeDays: 90, requireSensitive: true })
    expect(kinds(r.findings)).toEqual(['readable INTERNAL_FLAG web', 'old INTERNAL_FLAG web'])
    expect(r.counts).toEqual({ projects: 1, records: 1, stamped: 0, ignored: 1 })
    for (const key of ['NEXT_PUBLIC_X', 'VITE_X', 'PUBLIC_X', 'NUXT_PUBLIC_X', 'EXPO_PUBLIC_X', 'REACT_APP_X', 'GATSBY_X']) {
      expect(keyMatcher(DEFAULT_IGNORE)(key), key).toBe(true)
    }
  })

  it('given, replaces the default list', () => {
    const r = judge(inventory([web], records()), { maxAgeDays: 90, ignore: ['INTERNAL_*'] })
    expect(kinds(r.findings)).toEqual(['readable NEXT_PUBLIC_API_URL web', 'old NEXT_PUBLIC_API_URL web'])
    expect(r.counts.ignored).toBe(1)
  })

  it('still reports a public key that is not deployed or shadowed', () => {
    const behind = project('web', { production: { deploymentId: 'dpl_old', createdAt: ago(20) } })
    const r = judge(inventory([behind], [record('NEXT_PUBLIC_API_URL', ['web'], { type: 'plain' })]))
    expect(kinds(r.findings)).toEqual(['not-deployed NEXT_PUBLIC_API_URL web'])
  })
})

describe('name patterns', () => {
  const all = () =>
    ['DATABASE_URL', 'DATABASE_URL_UNPOOLED', 'MY_DATABASE_URL', 'database_url', 'AUTH_SECRET', 'CRONXSECRET'].map((k) =>
      record(k, ['web'], { type: 'encrypted' }),
    )

  it('narrow the audit to the keys matching, `*` a wildcard, case-sensitive, the whole key', () => {
    const r = judge(inventory([web], all()), { keys: ['DATABASE_*'] })
    expect(r.findings.map((f) => f.key)).toEqual(['DATABASE_URL', 'DATABASE_URL_UNPOOLED'])
    expect(judge(inventory([web], all()), { keys: ['*_SECRET'] }).findings.map((f) => f.key)).toEqual(['AUTH_SECRET'])
    expect(judge(inventory([web], all()), { keys: ['DATABASE_URL'] }).findings.map((f) => f.key)).toEqual(['DATABASE_URL'])
  })

  it('take every other character literally', () => {
    expect(keyMatcher(['CRON.SECRET'])('CRONXSECRET')).toBe(false)
    expect(keyMatcher(['A+B'])('A+B')).toBe(true)
  })

  it('all keys when none is given', () => {
    expect(judge(inventory([web], all())).findings).toHaveLength(6)
  })
})

describe('rotation-matrix', () => {
  it('has one entry per key and scope, project names sorted, the team given; integration records left out', () => {
    const projects = ['shop', 'api', 'web'].map((p) => project(p))
    const r = judge(
      inventory(projects, [
        record('AUTH_SECRET', ['web'], { type: 'encrypted', updatedAt: ago(200) }),
        record('AUTH_SECRET', ['shop'], { type: 'encrypted' }),
        record('AUTH_SECRET', ['api'], { updatedAt: ago(100) }),
        record('AUTH_SECRET', ['web', 'api'], { scope: 'shared', type: 'encrypted' }),
        record('DATABASE_URL', ['web'], { updatedAt: ago(5) }),
        record('POSTGRES_URL', ['web'], { type: 'encrypted', managedBy: { storeId: 'store_1' } }),
      ]),
      { maxAgeDays: 90 },
    )
    expect(r.matrix).toEqual([
      { team: 'acme', scope: 'project', name: 'AUTH_SECRET', projects: 'api,shop,web' },
      { team: 'acme', scope: 'team', name: 'AUTH_SECRET' },
    ])
  })

  it('omits the team for the token’s own account, and asks nothing for not-deployed or shadowed', () => {
    const behind = project('web', { production: { deploymentId: 'dpl_old', createdAt: ago(20) } })
    const r = judgeInventory(
      inventory([behind], [record('X_SECRET', ['web'], { type: 'encrypted' }), record('Y_SECRET', ['web'])], { team: undefined }),
      settings({ team: undefined }),
      NOW,
    )
    expect(kinds(r.findings)).toEqual(['readable X_SECRET web', 'not-deployed X_SECRET web', 'not-deployed Y_SECRET web'])
    expect(r.matrix).toEqual([{ scope: 'project', name: 'X_SECRET', projects: 'web' }])
  })
})

describe('order and counts', () => {
  it('lists readable production first, then not-deployed, old, other readable, shadowed, integration; then by key and project', () => {
    const projects = [project('web'), project('api', { production: { deploymentId: 'dpl_old', createdAt: ago(400) } })]
    const r = judge(
      inventory(projects, [
        record('Z_INTEGRATION', ['web'], { type: 'encrypted', managedBy: { storeId: 'store_1' }, updatedAt: ago(300) }),
        record('SHARED', ['web', 'api'], { scope: 'shared', targets: ['production'], updatedAt: ago(500) }),
        record('SHARED', ['web'], { targets: ['production'], updatedAt: ago(500) }),
        record('B_PREVIEW', ['web'], { type: 'encrypted', targets: ['preview'], updatedAt: ago(500) }),
        record('C_OLD', ['web'], { updatedAt: ago(300) }),
        record('A_PROD', ['web'], { type: 'encrypted', targets: ['production'], updatedAt: ago(500) }),
        record('A_PROD', ['api'], { type: 'encrypted', targets: ['production'], updatedAt: ago(5) }),
      ]),
      { maxAgeDays: 90 },
    )
    expect(kinds(r.findings)).toEqual([
      'readable A_PROD api',
      'readable A_PROD web',
      'not-deployed A_PROD api',
      'old A_PROD web',
      'old B_PREVIEW web',
      'old C_OLD web',
      'old SHARED api,web',
      'old SHARED web',
      'readable B_PREVIEW web',
      'shadowed SHARED web',
      'integration Z_INTEGRATION web',
    ])
    expect(r.counts).toEqual({ projects: 2, records: 7, stamped: 0, ignored: 0 })
  })
})

describe('outputs', () => {
  it('give each finding with `project` or `projects`, the matrix, safe-to-revoke false and every other output set', () => {
    const shared = record('STRIPE_SECRET_KEY', ['web', 'api'], { scope: 'shared', type: 'encrypted', updatedAt: ago(30) })
    const own = record('AUTH_SECRET', ['web'], { type: 'encrypted', comment: stamp(3), updatedAt: ago(3) })
    const o = auditOutputsOf(judge(inventory([web, api], [shared, own])))
    expect(JSON.parse(o.findings)).toEqual([
      {
        kind: 'readable',
        key: 'AUTH_SECRET',
        scope: 'project',
        project: 'web',
        targets: ['production', 'preview'],
        record: own.id,
        'age-days': 3,
        'age-from': 'rotation',
        action: expect.stringMatching(/create-if-missing: true/),
        detail: 'encrypted, not sensitive: its value can be read back',
        violation: false,
      },
      expect.objectContaining({
        kind: 'readable',
        key: 'STRIPE_SECRET_KEY',
        scope: 'shared',
        projects: ['api', 'web'],
        'age-days': 30,
        'age-from': 'edit',
      }),
    ])
    expect(JSON.parse(o['rotation-matrix'])).toEqual([
      { team: 'acme', scope: 'project', name: 'AUTH_SECRET', projects: 'web' },
      { team: 'acme', scope: 'team', name: 'STRIPE_SECRET_KEY' },
    ])
    expect(o['safe-to-revoke']).toBe('false')
    expect(JSON.parse(o.projects)).toEqual([
      { name: 'web', id: 'prj_web' },
      { name: 'api', id: 'prj_api' },
    ])
    expect(Object.keys(o).sort()).toEqual([
      'failed-projects',
      'findings',
      'projects',
      'revoke-after',
      'rotated-at',
      'rotation-matrix',
      'safe-to-revoke',
    ])
  })

  it('are set, as empty lists, when the audit did not run', () => {
    const o = auditOutputsOf(undefined)
    expect(o).toMatchObject({ 'safe-to-revoke': 'false', findings: '[]', 'rotation-matrix': '[]', projects: '[]' })
  })
})
