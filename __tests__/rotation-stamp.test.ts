/**
 * The rotation stamp: each record rotate writes gets it in its comment, in the same request as the value, beside
 * the user's own text. Through the real SDK port over HTTP against the emulator.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { parseInputs } from '../src/inputs.js'
import { outputsOf } from '../src/report/outputs.js'
import { renderSummary } from '../src/report/summary.js'
import { readStamp, userText } from '../src/rotation/stamp.js'
import type { RunResult } from '../src/rotation/types.js'
import { sleep } from '../src/vercel/retry.js'
import { envWrites, rotate, STAMP, STAMP_ONLY, statusOf, TOKEN, twoProjects, writes } from './helpers/rotate.js'

let emulator: Emulator
afterEach(async () => {
  await emulator?.close()
  emulator = undefined as unknown as Emulator
})

const DAY = 86_400_000
const NEW = 'postgres://new-credential-5f1a'
const OLD = 'postgres://old-credential-77c0'
const TEXT = 'Primary database; owner: db-team, rotated quarterly'
const OLDER = '[rotate-vercel-secret: rotated 2026-09-01T10:00:00Z by acme/platform run 12]'
const base = { team: 'acme', name: 'DATABASE_URL', value: NEW }

const commentOf = (project: string) => emulator.state.projectEnvs(project).find((r) => r.key === 'DATABASE_URL')?.comment
const bodies = () => envWrites(emulator).map((r) => r.body as Record<string, unknown>)
const summaryOf = (raw: Record<string, string>, result: RunResult) =>
  renderSummary({ name: raw.name, settings: parseInputs({ 'vercel-token': TOKEN, 'api-url': emulator.url, ...raw }, {}).settings, result })

/** web and api, each with a DATABASE_URL record holding OLD; web's comment is given. */
async function setup(webComment: string | undefined) {
  emulator = await twoProjects()
  const s = emulator.state
  for (const name of ['web', 'api']) {
    const r = s.projectEnvs(name)[0]!
    s.editProjectEnv(name, r.id, { value: OLD, ...(name === 'web' && webComment !== undefined ? { comment: webComment } : {}) })
  }
  return s
}

/** A fresh emulator: team acme, project web serving production, and a shared DATABASE_URL holding OLD linked to it. */
async function teamWithShared(over: { comment?: string } = {}) {
  await emulator.close()
  emulator = await startEmulator({ buildMs: 80 })
  const t = emulator.state
  t.addTeam({ id: 'team_acme', slug: 'acme' })
  t.addProject({ id: 'prj_web', name: 'web', teamId: 'team_acme' })
  t.addDeployment('web', { target: 'production', createdAt: Date.now() - DAY })
  const shared = t.addSharedEnv('team_acme', {
    key: 'DATABASE_URL',
    value: OLD,
    type: 'sensitive',
    target: ['production'],
    projectIds: ['prj_web'],
    ...over,
  })
  return { t, shared }
}

/** The wait's clock and the emulator's, both moved on by `ms`: a later rotation, without waiting for it. */
function later(ms: number) {
  emulator.state.clock = () => Date.now() + ms
  return { now: () => Date.now() + ms, sleep: (t: number, signal?: AbortSignal) => sleep(Math.min(t, 50), signal) }
}

describe('the rotation stamp in each record written', () => {
  it('keeps the user text, replaces the earlier stamp, and a second rotation replaces it again: one stamp, the newer time', async () => {
    await setup(`${TEXT} ${OLDER}`)
    const first = await rotate(emulator, { ...base, projects: 'web, api' })
    expect(first.result.safeToRevoke).toBe(true)
    // The comment travels with the value, in the one request that writes it; never the key.
    const [web, api] = ['web', 'api'].map((p) => envWrites(emulator).find((r) => r.path.includes(`prj_${p}`))!.body as Record<string, unknown>)
    expect(web).toEqual({ value: NEW, comment: expect.stringMatching(new RegExp(`^${escape(TEXT)} ${STAMP.source}$`)) })
    expect(api).toEqual({ value: NEW, comment: expect.stringMatching(STAMP_ONLY) })
    expect(commentOf('web')).toBe(web!.comment)
    expect(commentOf('api')).toBe(api!.comment)
    const firstAt = readStamp(commentOf('web'))!.at
    expect(firstAt.getTime()).toBeGreaterThan(Date.parse('2026-09-01T10:00:00Z'))
    expect(Math.abs(firstAt.getTime() - Date.now())).toBeLessThan(60_000)
    expect(first.result.projects.flatMap((p) => p.records.map((r) => r.comment))).toEqual([commentOf('web'), commentOf('api')])

    // An hour on, another run: its stamp replaces the first one.
    const second = await rotate(emulator, { ...base, projects: 'web, api', value: `${NEW}-2` }, { run: { runId: '778' }, clock: later(3_600_000) })
    expect(second.result.safeToRevoke).toBe(true)
    for (const project of ['web', 'api']) {
      const comment = commentOf(project)!
      expect(comment.match(/\[rotate-vercel-secret:/g)).toHaveLength(1)
      expect(comment).toMatch(/ by acme\/platform run 778\]$/)
      expect(readStamp(comment)!.at.getTime()).toBeGreaterThanOrEqual(firstAt.getTime() + 3_600_000 - 1000)
    }
    expect(userText(commentOf('web'))).toBe(TEXT)
    expect(userText(commentOf('api'))).toBe('')
  })

  it('a comment with no room left: the value is written, the comment left as it is and named unstamped in the log, summary and output', async () => {
    const full = 'x'.repeat(480)
    const s = await setup(full)
    const raw = { ...base, projects: 'web, api' }
    const { result, logs } = await rotate(emulator, raw)
    expect(statusOf(result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    expect(s.projectEnvs('web')[0]!.value).toBe(NEW)
    // Nothing to change in web's comment, so none is sent: it stays exactly as the user wrote it.
    const webWrite = envWrites(emulator).find((r) => r.path.includes('prj_web'))!
    expect(webWrite.body).toEqual({ value: NEW })
    expect(commentOf('web')).toBe(full)
    expect(commentOf('api')).toMatch(STAMP_ONLY)

    const reason = /comment full: 480 of 500 characters are the comment's own text, and the stamp needs \d+/
    const webRecord = result.projects.find((p) => p.name === 'web')!.records[0]!
    expect(webRecord.unstamped).toMatch(reason)
    const warning = logs.find((l) => l.startsWith('warning: Rotation stamp left out of 1 record’s comment, which has no room left for it'))!
    expect(warning).toContain(`DATABASE_URL ${webRecord.id} in web: comment full: 480 of 500 characters`)
    expect(logs.filter((l) => l.includes('Rotation stamp left out'))).toHaveLength(1)

    const summary = summaryOf(raw, result)
    expect(summary).toContain('**Not stamped**: the value was written, but this record’s comment has no room left for the rotation stamp')
    expect(summary).toContain(`- web · \`DATABASE_URL\` \`${webRecord.id}\` (comment full: 480 of 500 characters are the comment's own text`)
    expect(summary).not.toContain(full)

    const projects = JSON.parse(outputsOf(result).projects) as { name: string; records: Record<string, unknown>[] }[]
    expect(projects.find((p) => p.name === 'web')!.records[0]).toEqual({
      id: webRecord.id,
      key: 'DATABASE_URL',
      targets: ['production'],
      type: 'sensitive',
      stamped: false,
    })
    // A stamped record's output is as it was: no comment, no stamped flag.
    expect(Object.keys(projects.find((p) => p.name === 'api')!.records[0]!)).toEqual(['id', 'key', 'targets', 'type'])
  })

  it('a write whose comment Vercel refuses is sent again with the value alone: rotated all the same, named unstamped', async () => {
    const s = await setup(TEXT)
    const body = { error: { code: 'bad_request', message: 'Invalid request: `comment` is not allowed here' } }
    emulator.faults.add({ method: 'PATCH', path: /prj_web\/env\//, kind: 'status', status: 400, body })
    const { result } = await rotate(emulator, { ...base, projects: 'web, api' })
    expect(statusOf(result)).toEqual({ web: 'redeployed', api: 'redeployed' })
    expect(s.projectEnvs('web')[0]!.value).toBe(NEW)
    const web = envWrites(emulator).filter((r) => r.path.includes('prj_web'))
    expect(web.map((r) => [r.status, r.body])).toEqual([
      [400, { value: NEW, comment: expect.stringMatching(STAMP) }],
      [200, { value: NEW }],
    ])
    expect(commentOf('web')).toBe(TEXT)
    expect(commentOf('api')).toMatch(STAMP_ONLY)
    expect(result.projects.find((p) => p.name === 'web')!.records[0]!.unstamped).toMatch(/^Vercel refused the comment with the value/)

    // A shared variable's update, refused as a whole, goes again with the values alone.
    const { shared } = await teamWithShared()
    emulator.faults.add({ method: 'PATCH', path: '/v1/env', kind: 'status', status: 400, body })
    const team = await rotate(emulator, { ...base, scope: 'team' })
    expect(team.result.safeToRevoke).toBe(true)
    expect(shared.value).toBe(NEW)
    expect(envWrites(emulator).map((r) => r.body)).toEqual([
      { updates: { [shared.id]: { value: NEW, comment: expect.stringMatching(STAMP_ONLY) } } },
      { updates: { [shared.id]: { value: NEW } } },
    ])
  })

  it('a full comment loses its old stamp, which would claim an older rotation than the value’s', async () => {
    // An earlier stamp of a local run (no repository, so shorter) left room that this run's stamp does not have.
    const full = 'y'.repeat(440)
    await setup(`${full} [rotate-vercel-secret: rotated 2026-09-01T10:00:00Z]`)
    const { result } = await rotate(emulator, { ...base, projects: 'web' })
    expect(result.safeToRevoke).toBe(true)
    expect(bodies()).toEqual([{ value: NEW, comment: full }])
    expect(commentOf('web')).toBe(full)
    expect(result.projects[0]!.records[0]!.unstamped).toMatch(/^comment full: 440 of 500/)
  })

  it('plan shows the comment each record would get, and writes nothing', async () => {
    await setup(`${TEXT} ${OLDER}`)
    const raw = { ...base, projects: 'web, api', mode: 'plan' }
    const { result } = await rotate(emulator, raw)
    expect(writes(emulator)).toEqual([])
    expect(commentOf('web')).toBe(`${TEXT} ${OLDER}`)
    const summary = summaryOf(raw, result)
    expect(summary).toContain('The comment a rotate would write in 2 records')
    const [web, api] = result.projects.map((p) => p.records[0]!)
    expect(web!.comment).toMatch(new RegExp(`^${escape(TEXT)} ${STAMP.source}$`))
    expect(api!.comment).toMatch(STAMP_ONLY)
    expect(summary).toContain(`- web · \`DATABASE_URL\` \`${web!.id}\`: \`${web!.comment}\``)
    expect(summary).toContain(`- api · \`DATABASE_URL\` \`${api!.id}\`: \`${api!.comment}\``)
    // The plan's output says nothing of comments either.
    expect(outputsOf(result).projects).not.toContain('rotate-vercel-secret')
  })

  it('stamps a shared variable in the same update as its value, keeping its text', async () => {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_acme', slug: 'acme' })
    for (const name of ['web', 'api']) {
      s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
      s.addDeployment(name, { target: 'production', createdAt: Date.now() - DAY })
    }
    const shared = s.addSharedEnv('team_acme', {
      key: 'DATABASE_URL',
      value: OLD,
      type: 'sensitive',
      target: ['production'],
      projectIds: ['prj_web', 'prj_api'],
      comment: `${TEXT} ${OLDER}`,
    })
    const raw = { ...base, scope: 'team' }
    const { result } = await rotate(emulator, raw)
    expect(result.safeToRevoke).toBe(true)
    const stamped = expect.stringMatching(new RegExp(`^${escape(TEXT)} ${STAMP.source}$`))
    expect(bodies()).toEqual([{ updates: { [shared.id]: { value: NEW, comment: stamped } } }])
    expect(shared.comment).toEqual(stamped)
    expect(shared.comment!.match(/\[rotate-vercel-secret:/g)).toHaveLength(1)
    expect(summaryOf(raw, result)).not.toContain('Not stamped')
  })

  it('a shared variable with no room: its value is written, its comment unchanged and not sent, named unstamped once', async () => {
    emulator = await startEmulator({ buildMs: 80 })
    const s = emulator.state
    s.addTeam({ id: 'team_acme', slug: 'acme' })
    for (const name of ['web', 'api']) {
      s.addProject({ id: `prj_${name}`, name, teamId: 'team_acme' })
      s.addDeployment(name, { target: 'production', createdAt: Date.now() - DAY })
    }
    const full = 'z'.repeat(490)
    const shared = s.addSharedEnv('team_acme', {
      key: 'DATABASE_URL',
      value: OLD,
      type: 'sensitive',
      target: ['production'],
      projectIds: ['prj_web', 'prj_api'],
      comment: full,
    })
    const raw = { ...base, scope: 'team' }
    const { result, logs } = await rotate(emulator, raw)
    expect(bodies()).toEqual([{ updates: { [shared.id]: { value: NEW } } }])
    expect(shared.value).toBe(NEW)
    expect(shared.comment).toBe(full)
    const summary = summaryOf(raw, result)
    // Linked to two projects, it is still one record: named once, without a project.
    expect(summary).toContain(`- \`DATABASE_URL\` \`${shared.id}\` (comment full: 490 of 500 characters`)
    expect(summary.match(new RegExp(`\`${shared.id}\` \\(comment full`, 'g'))).toHaveLength(1)
    expect(logs.find((l) => l.startsWith('warning: Rotation stamp left out'))).toContain(
      `DATABASE_URL ${shared.id} (shared): comment full: 490 of 500`,
    )
  })

  it('stamps a record created with create-if-missing: the stamp is its whole comment', async () => {
    emulator = await twoProjects()
    emulator.state.removeProjectEnv('api', emulator.state.projectEnvs('api')[0]!.id)
    const { result } = await rotate(emulator, { ...base, projects: 'api', 'create-if-missing': 'true' })
    expect(result.safeToRevoke).toBe(true)
    const create = envWrites(emulator)[0]!
    expect(create.method).toBe('POST')
    expect(create.body).toMatchObject({ key: 'DATABASE_URL', value: NEW, comment: expect.stringMatching(STAMP_ONLY) })
    expect(commentOf('api')).toMatch(STAMP_ONLY)
    expect(result.projects[0]!.records[0]).toMatchObject({ id: expect.stringMatching(/^env_/), comment: commentOf('api') })
  })
})

describe('undone, and kept clean', () => {
  const failing = (raw: Record<string, string>) => ({
    ...raw,
    'health-check': emulator.healthCheck(),
    'health-timeout-minutes': '0.02',
    'previous-value': OLD,
  })

  it('a restore writes each comment back as it was before the rotation, in the request that writes the previous value', async () => {
    const s = await setup(`${TEXT} ${OLDER}`)
    s.rejectValue(NEW)
    const { result } = await rotate(emulator, failing({ ...base, projects: 'web, api' }))
    expect(result.restore?.kind).toBe('restored')
    expect(s.projectEnvs('web')[0]!.value).toBe(OLD)
    // The earlier rotation's stamp is back, since its value is; api had no comment and has none again.
    expect(commentOf('web')).toBe(`${TEXT} ${OLDER}`)
    expect(commentOf('api') ?? '').toBe('')
    const back = envWrites(emulator)
      .slice(2)
      .map((r) => [r.path.includes('prj_web') ? 'web' : 'api', r.body])
    expect(Object.fromEntries(back)).toEqual({ web: { value: OLD, comment: `${TEXT} ${OLDER}` }, api: { value: OLD, comment: '' } })
  })

  it('a restore leaves a comment the rotation did not change as it is, and puts a shared variable’s back', async () => {
    const full = 'x'.repeat(480)
    const s = await setup(full)
    s.rejectValue(NEW)
    await rotate(emulator, failing({ ...base, projects: 'web' }))
    expect(envWrites(emulator).map((r) => r.body)).toEqual([{ value: NEW }, { value: OLD }])
    expect(commentOf('web')).toBe(full)

    const { t, shared } = await teamWithShared({ comment: TEXT })
    t.rejectValue(NEW)
    const { result } = await rotate(emulator, failing({ ...base, scope: 'team' }))
    expect(result.restore?.kind).toBe('restored')
    expect(envWrites(emulator).map((r) => r.body)).toEqual([
      { updates: { [shared.id]: { value: NEW, comment: expect.stringMatching(new RegExp(`^${escape(TEXT)} ${STAMP.source}$`)) } } },
      { updates: { [shared.id]: { value: OLD, comment: TEXT } } },
    ])
    expect(shared.comment).toBe(TEXT)
  })

  it('a restore whose comment Vercel refuses is sent again with the value alone: the previous value goes back all the same', async () => {
    const s = await setup(`${TEXT} ${OLDER}`)
    s.rejectValue(NEW)
    // The two writes go through; the first write back, carrying web's or api's comment, is refused as a bad request.
    const body = { error: { code: 'bad_request', message: 'Invalid request: `comment` should NOT be shorter than 1 characters' } }
    emulator.faults.add({ method: 'PATCH', path: /\/env\//, kind: 'status', status: 400, body, after: 2 })
    const { result, logs } = await rotate(emulator, failing({ ...base, projects: 'web, api' }))
    expect(result.restore?.kind).toBe('restored')
    expect(['web', 'api'].map((p) => s.projectEnvs(p)[0]!.value)).toEqual([OLD, OLD])
    const back = envWrites(emulator).slice(2)
    expect(back).toHaveLength(3)
    expect(back[0]).toMatchObject({ status: 400, body: { value: OLD, comment: expect.any(String) } })
    // The refused record again, with the value alone; the other record's write back keeps its comment.
    const again = back.slice(1).map((r) => ({ same: r.path === back[0]!.path, status: r.status, body: r.body }))
    expect(again).toContainEqual({ same: true, status: 200, body: { value: OLD } })
    expect(again).toContainEqual({ same: false, status: 200, body: { value: OLD, comment: expect.any(String) } })
    expect(logs).toContainEqual(expect.stringMatching(/^warning: Vercel refused the comment of 1 record\(s\) with the previous value/))

    // The same for a shared variable, in its one update.
    const { t, shared } = await teamWithShared()
    t.rejectValue(NEW)
    emulator.faults.add({ method: 'PATCH', path: '/v1/env', kind: 'status', status: 400, body, after: 1 })
    const team = await rotate(emulator, failing({ ...base, scope: 'team' }))
    expect(team.result.restore?.kind).toBe('restored')
    expect(shared.value).toBe(OLD)
    expect(envWrites(emulator).map((r) => r.body)).toEqual([
      { updates: { [shared.id]: { value: NEW, comment: expect.stringMatching(STAMP_ONLY) } } },
      { updates: { [shared.id]: { value: OLD, comment: '' } } },
      { updates: { [shared.id]: { value: OLD } } },
    ])
  })

  it('no comment, request, log, summary or output carries the value, the previous value or the token', async () => {
    await setup(TEXT)
    const generated: string[] = []
    const raw = { team: 'acme', name: 'DATABASE_URL', projects: 'web, api', generate: 'base64url:32' }
    const { result, logs } = await rotate(emulator, raw, { onGenerated: (v) => generated.push(v) })
    expect(result.safeToRevoke).toBe(true)
    expect(generated).toHaveLength(1)
    const comments = [
      ...emulator.state.projectEnvs('web').map((r) => r.comment),
      ...emulator.state.projectEnvs('api').map((r) => r.comment),
      ...envWrites(emulator).map((r) => (r.body as { comment?: string }).comment),
    ]
    // Exactly the user's text and the stamp: nothing else found its way in.
    for (const c of comments) expect(c).toMatch(new RegExp(`^(${escape(TEXT)} )?${STAMP.source}$`))
    const told = [...comments, logs.join('\n'), summaryOf(raw, result), JSON.stringify(outputsOf(result))].join('\n')
    for (const secret of [generated[0]!, OLD, TOKEN]) expect(told).not.toContain(secret)
  })
})

/** A literal for a RegExp. */
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
