/**
 * The checks, each tied to one entry of docs/vercel-api.md by the id in the ledger's first column. They run in
 * this order on one scratch project whose first production deployment is READY; a later check may use what an
 * earlier one made (the staged redeploy is what `promote` promotes). Each says what Vercel answered, never a value.
 */
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { CallError, type Answer, type ConformanceVercel } from './vercel.js'

export interface Scratch {
  vercel: ConformanceVercel
  project: { id: string; name: string }
  /** The first production deployment: READY and serving. */
  first: string
  /** Marks this run's redeploy (`meta.conformanceRun`). */
  runId: string
  signal: AbortSignal
  pollMs: number
  /** How long a deployment may take to become READY, or production to move, before the check gives up. */
  waitMs: number
  /** Set by `staged-redeploy`. */
  staged?: string
  /** Set by `env-record-fields`. */
  record?: { id: string; updatedAt: number }
}

export interface Finding {
  holds: boolean
  /** What Vercel answered, in a few words. */
  answered: string
}

export interface Check {
  /** The ledger entry's id in docs/vercel-api.md. */
  entry: string
  run(s: Scratch): Promise<Finding>
}

/** A check that needs what an earlier one made says so instead of guessing. */
export class NotChecked extends Error {}

const TERMINAL = ['READY', 'ERROR', 'CANCELED']
const secretValue = (): string => randomBytes(24).toString('base64url')
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? 'absent' : JSON.stringify(v))
const productionOf = (project: Answer): string | undefined => {
  const targets = project['targets'] as { production?: { id?: string } | null } | undefined
  return targets?.production?.id
}

/** Reads until `done` or until the wait is up; returns the last read. */
async function waitFor<T>(s: Scratch, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const until = Date.now() + s.waitMs
  for (;;) {
    const v = await read()
    if (done(v) || Date.now() >= until) return v
    await sleep(s.pollMs, undefined, { signal: s.signal })
  }
}

export async function untilBuilt(s: Scratch, id: string): Promise<Answer> {
  return waitFor(
    s,
    () => s.vercel.getDeployment(id, s.signal),
    (d) => TERMINAL.includes(str(d['readyState'])),
  )
}

async function targetsProduction(s: Scratch): Promise<Finding> {
  const serving = productionOf(await s.vercel.getProject(s.project.id, s.signal))
  return serving === s.first
    ? { holds: true, answered: 'targets.production is the READY production deployment' }
    : { holds: false, answered: `targets.production is ${serving ?? 'absent'}, not the READY production deployment` }
}

async function deploymentsProjectIdsMax20(s: Scratch): Promise<Finding> {
  const ids = [s.project.id, ...Array.from({ length: 20 }, (_, i) => `prj_conformance${String(i).padStart(2, '0')}`)]
  try {
    await s.vercel.listDeployments(ids, s.signal)
    return { holds: false, answered: 'a listing with 21 projectIds was answered 2xx' }
  } catch (err) {
    if (!(err instanceof CallError) || err.status === undefined) throw err
    return { holds: err.status === 400, answered: `a listing with 21 projectIds was refused: ${err.status} ${err.code ?? ''}`.trim() }
  }
}

async function stagedRedeploy(s: Scratch): Promise<Finding> {
  const created = await s.vercel.stagedRedeploy(s.project, s.first, { conformanceRun: s.runId }, s.signal)
  s.staged = str(created['id'])
  const d = await untilBuilt(s, s.staged)
  const serving = productionOf(await s.vercel.getProject(s.project.id, s.signal))
  const answered = `${str(d['readyState'])}, readySubstate ${str(d['readySubstate'])}, production ${serving === s.first ? 'still on the source' : `moved to ${serving ?? 'nothing'}`}`
  return { holds: d['readyState'] === 'READY' && d['readySubstate'] === 'STAGED' && serving === s.first, answered }
}

async function metaInListing(s: Scratch): Promise<Finding> {
  if (!s.staged) throw new NotChecked('needs the staged redeploy')
  const item = (await s.vercel.listDeployments([s.project.id], s.signal)).find((d) => d['uid'] === s.staged)
  if (!item) return { holds: false, answered: 'the redeploy is not in the listing' }
  const meta = (item['meta'] ?? {}) as Record<string, unknown>
  return meta['conformanceRun'] === s.runId
    ? { holds: true, answered: 'the listing carries the meta the create sent' }
    : { holds: false, answered: `the listing's meta.conformanceRun is ${meta['conformanceRun'] === undefined ? 'absent' : 'different'}` }
}

async function promote(s: Scratch): Promise<Finding> {
  const staged = s.staged
  if (!staged) throw new NotChecked('needs the staged redeploy')
  const started = Date.now()
  await s.vercel.promote(s.project.id, staged, s.signal)
  const serving = productionOf(
    await waitFor(
      s,
      () => s.vercel.getProject(s.project.id, s.signal),
      (p) => productionOf(p) === staged,
    ),
  )
  const after = `${Math.round((Date.now() - started) / 1000)} s`
  return serving === staged
    ? { holds: true, answered: `accepted; targets.production is the promoted deployment after ${after}` }
    : { holds: false, answered: `accepted, but targets.production is ${serving ?? 'absent'} after ${after}` }
}

async function cancel(s: Scratch): Promise<Finding> {
  const created = await s.vercel.deployFiles(s.project, 'preview', s.signal)
  const id = str(created['id'])
  const answer = await s.vercel.cancelDeployment(id, s.signal)
  const listed = await waitFor(
    s,
    async () => (await s.vercel.listDeployments([s.project.id], s.signal)).find((d) => d['uid'] === id),
    (d) => d?.['readyState'] === 'CANCELED',
  )
  const state = str(listed?.['readyState'])
  const message = listed?.['errorMessage']
  const answered = `cancel answered ${str(answer['readyState'])}; listed ${state}, errorMessage ${typeof message === 'string' ? JSON.stringify(message.slice(0, 160)) : 'absent'}`
  return { holds: state === 'CANCELED', answered }
}

const RECORD = {
  key: 'CONFORMANCE_SECRET',
  target: ['production', 'preview'] as ('production' | 'preview')[],
  comment: 'rotate-vercel-secret conformance',
}

async function envRecordFields(s: Scratch): Promise<Finding> {
  const value = secretValue()
  await s.vercel.createSensitiveRecord(s.project.id, { ...RECORD, value }, s.signal)
  const listed = (await s.vercel.listRecords(s.project.id, s.signal)).find((r) => r['key'] === RECORD.key)
  if (!listed) return { holds: false, answered: 'the record is not in the listing' }
  const target = Array.isArray(listed['target']) ? [...(listed['target'] as string[])].sort().join('+') : str(listed['target'])
  const updatedAt = listed['updatedAt']
  const fields = {
    type: listed['type'] === 'sensitive',
    target: target === 'preview+production',
    updatedAt: typeof updatedAt === 'number' && updatedAt > 1e12,
    comment: listed['comment'] === RECORD.comment,
    value: listed['value'] === undefined || listed['value'] === '',
  }
  if (typeof updatedAt === 'number') s.record = { id: str(listed['id']), updatedAt }
  const wrong = Object.entries(fields).filter(([, ok]) => !ok)
  const seen = `type ${str(listed['type'])}, target ${target}, updatedAt ${typeof updatedAt === 'number' ? (updatedAt > 1e12 ? 'epoch ms' : 'not epoch ms') : 'absent'}, comment ${fields.comment ? 'as sent' : 'not as sent'}, value ${fields.value ? 'not returned' : 'returned'}`
  return { holds: wrong.length === 0, answered: seen }
}

async function envWriteMovesUpdatedAt(s: Scratch): Promise<Finding> {
  const before = s.record
  if (!before) throw new NotChecked('needs the record of env-record-fields')
  // A write in the same millisecond could not move it: wait that millisecond out.
  await sleep(Math.max(0, before.updatedAt + 2 - Date.now()), undefined, { signal: s.signal })
  await s.vercel.editRecordValue(s.project.id, before.id, secretValue(), s.signal)
  const after = (await s.vercel.listRecords(s.project.id, s.signal)).find((r) => r['id'] === before.id)?.['updatedAt']
  return typeof after === 'number' && after > before.updatedAt
    ? { holds: true, answered: `a value write moved updatedAt by ${after - before.updatedAt} ms` }
    : { holds: false, answered: `after a value write updatedAt is ${typeof after === 'number' ? 'unchanged' : 'absent'}` }
}

/**
 * The rotation stamp's write: a sensitive record's value and comment in one edit, the comment read back as sent;
 * then the previous value with an empty comment, as a restore sends for a record that had none, read back empty.
 */
async function envEditComment(s: Scratch): Promise<Finding> {
  const record = s.record
  if (!record) throw new NotChecked('needs the record of env-record-fields')
  const stamped = `${RECORD.comment} [rotate-vercel-secret: rotated 2026-01-01T00:00:00Z by conformance run ${s.runId}]`
  const commentNow = async () => (await s.vercel.listRecords(s.project.id, s.signal)).find((r) => r['id'] === record.id)?.['comment']
  await s.vercel.editRecordValue(s.project.id, record.id, secretValue(), s.signal, stamped)
  const written = await commentNow()
  await s.vercel.editRecordValue(s.project.id, record.id, secretValue(), s.signal, '')
  const cleared = await commentNow()
  const first = written === stamped ? 'read back as sent' : `read back as ${str(written).slice(0, 120)}`
  const second = cleared === undefined ? 'absent' : cleared === '' ? 'empty' : 'still there'
  return {
    holds: written === stamped && (cleared === undefined || cleared === ''),
    answered: `a value and a comment in one edit of a sensitive record: comment ${first}; a value with an empty comment: comment ${second}`,
  }
}

const COMMENT_MAX = 500

async function envCommentMax500(s: Scratch): Promise<Finding> {
  const create = (length: number) =>
    s.vercel.createSensitiveRecord(
      s.project.id,
      { key: `CONFORMANCE_COMMENT_${length}`, value: secretValue(), target: ['production'], comment: 'c'.repeat(length) },
      s.signal,
    )
  await create(COMMENT_MAX)
  try {
    await create(COMMENT_MAX + 1)
    return { holds: false, answered: `a ${COMMENT_MAX}-character comment was accepted, and a ${COMMENT_MAX + 1}-character one too` }
  } catch (err) {
    if (!(err instanceof CallError) || err.status === undefined) throw err
    const refusal = err.message.slice(err.operation.length + 2)
    return {
      holds: err.status === 400 || err.inFailedList,
      answered: `a ${COMMENT_MAX}-character comment was accepted, a ${COMMENT_MAX + 1}-character one refused: ${refusal}`,
    }
  }
}

async function skewProtectionFields(s: Scratch): Promise<Finding> {
  const seconds = 3600
  await s.vercel.setSkewProtectionMaxAge(s.project.id, seconds, s.signal)
  const project = await s.vercel.getProject(s.project.id, s.signal)
  const maxAge = project['skewProtectionMaxAge']
  const boundary = project['skewProtectionBoundaryAt']
  const boundaryOk = boundary === undefined || boundary === null || (typeof boundary === 'number' && boundary > 1e12)
  const answered = `skewProtectionMaxAge ${seconds} read back as ${str(maxAge)}; skewProtectionBoundaryAt ${typeof boundary === 'number' ? (boundary > 1e12 ? 'epoch ms' : String(boundary)) : str(boundary)}`
  return { holds: maxAge === seconds && boundaryOk, answered }
}

export const checks: readonly Check[] = [
  { entry: 'targets-production', run: targetsProduction },
  { entry: 'deployments-project-ids-max-20', run: deploymentsProjectIdsMax20 },
  { entry: 'staged-redeploy', run: stagedRedeploy },
  { entry: 'meta-in-listing', run: metaInListing },
  { entry: 'promote', run: promote },
  { entry: 'cancel', run: cancel },
  { entry: 'env-record-fields', run: envRecordFields },
  { entry: 'env-write-moves-updated-at', run: envWriteMovesUpdatedAt },
  { entry: 'env-edit-comment', run: envEditComment },
  { entry: 'env-comment-max-500', run: envCommentMax500 },
  { entry: 'skew-protection-fields', run: skewProtectionFields },
]
