/**
 * Writes the new values: one PATCH per project record (or a create), or one update of the shared variables with
 * every key's records in it. A failure part-way throws a WriteError (write-failure.ts), key by key and project by project.
 */
import type { VercelPort } from '../vercel/port.js'
import { commentWrite, type CommentWrite } from './comments.js'
import type { Credential } from './credential.js'
import { mapLimit } from './parallel.js'
import type { Stamp } from './stamp.js'
import type { Plan, ProjectPlan, Settings } from './types.js'
import { partly, WriteError, type WriteOutcome } from './write-failure.js'

const keysOf = (p: ProjectPlan) => [...new Set([...p.writes.map((r) => r.key), ...p.creates.map((c) => c.key)])]

/** What a write did: when Vercel recorded it, and the comment each record got with its value. */
export interface Written {
  /** The first written record's `updatedAt` (epoch ms): rotated-at, which verify holds every record to. */
  earliest: number
  /** The last one's: what a re-run finds the value stamped with. */
  newest: number
  /** By record ID (a created record by its new one). */
  comments: Map<string, CommentWrite>
}

/**
 * Vercel refused the request as a whole (HTTP 400), naming the comment: nothing of it was written, and the same write
 * without the comment is a different request, not a retry. Any other refusal stands as it is.
 */
const refusedWhole = (err: unknown): boolean =>
  (err as { status?: number }).status === 400 && !(err as { writtenIds?: unknown }).writtenIds && /comment/i.test((err as Error).message)

/** A record whose stamp Vercel refused: its comment stays as it was, and the summary says why. */
const unstampedBy = (comment: string | undefined, err: unknown): CommentWrite => ({
  comment: comment ?? '',
  unstamped: `Vercel refused the comment with the value (${(err as Error).message}); the value was written alone`,
})

/** A comment to send, as the request carries it: left out where it stays as it is. */
const commentField = (c: CommentWrite) => (c.send !== undefined ? { comment: c.send } : {})

/**
 * Writes each record's new value and, in the same request, its comment with the rotation stamp `stamp()` gives at
 * that moment (the time of the request, to the second).
 */
export async function writeValue(plan: Plan, s: Settings, port: VercelPort, credential: Credential, stamp: () => Stamp): Promise<Written> {
  // Each written record's updatedAt as Vercel answered it (0 where it did not say).
  const updatedAts: number[] = []
  const comments = new Map<string, CommentWrite>()
  if (s.scope === 'team') {
    try {
      const at = stamp()
      for (const v of plan.shared) comments.set(v.id, commentWrite(v.comment, at))
      const updates = plan.shared.map((v) => ({ id: v.id, value: credential.valueOf(v.key), ...commentField(comments.get(v.id)!) }))
      const updated = await port.updateSharedVariables(updates).catch(async (err: unknown) => {
        if (!refusedWhole(err) || !updates.some((u) => u.comment !== undefined)) throw err
        // The value matters, the stamp is metadata: a request refused as a whole is sent again with the values alone.
        for (const v of plan.shared) comments.set(v.id, unstampedBy(v.comment, err))
        return port.updateSharedVariables(updates.map(({ id, value }) => ({ id, value })))
      })
      updatedAts.push(...updated.map((v) => v.updatedAt ?? 0))
    } catch (err) {
      // One request for every key: Vercel applies the updates it accepted, so the shared records may differ.
      const done = new Set((err as { writtenIds?: string[] }).writtenIds ?? [])
      const outcomes = plan.projects.map((p) => {
        const mine = plan.shared.filter((v) => v.projectIds.includes(p.id))
        // A key counts as written once all its records linked here are.
        const keys = [...new Set(mine.map((v) => v.key))]
        const written = keys.filter((k) => mine.every((v) => v.key !== k || done.has(v.id)))
        const notWritten = keys.filter((k) => !written.includes(k))
        const some = partly(mine, done, notWritten)
        return { projectId: p.id, written, notWritten, ...(some ? { partly: some } : {}) }
      })
      throw new WriteError((err as Error).message, outcomes)
    }
  } else {
    const outcomes: WriteOutcome[] = []
    await mapLimit(plan.projects, s.maxParallel, async (p) => {
      const outcome: WriteOutcome = { projectId: p.id, written: [], notWritten: keysOf(p) }
      outcomes.push(outcome)
      const done = (key: string) => {
        // A key counts as written once all its records in this project are.
        const left = p.writes.some((r) => r.key === key && !writtenIds.has(r.id)) || p.creates.some((c) => c.key === key && !createdKeys.has(c.key))
        if (!left) {
          outcome.written.push(key)
          outcome.notWritten = outcome.notWritten.filter((k) => k !== key)
        }
      }
      const writtenIds = new Set<string>()
      const createdKeys = new Set<string>()
      try {
        for (const r of p.writes) {
          let comment = commentWrite(r.comment, stamp())
          const value = credential.valueOf(r.key)
          const written = await port.updateProjectEnv(p.id, r, value, comment.send).catch(async (err: unknown) => {
            if (!refusedWhole(err) || comment.send === undefined) throw err
            comment = unstampedBy(r.comment, err)
            return port.updateProjectEnv(p.id, r, value)
          })
          updatedAts.push(written.updatedAt ?? 0)
          comments.set(r.id, comment)
          writtenIds.add(r.id)
          done(r.key)
        }
        for (const c of p.creates) {
          const comment = commentWrite(undefined, stamp())
          const created = await port.createProjectEnv(p.id, { ...c, value: credential.valueOf(c.key), ...commentField(comment) })
          updatedAts.push(...created.map((r) => r.updatedAt ?? 0))
          for (const r of created) comments.set(r.id, comment)
          const at = p.records.findIndex((r) => r.id === '(new)' && r.key === c.key)
          if (at >= 0 && created[0]) p.records[at] = { ...p.records[at]!, id: created[0].id }
          createdKeys.add(c.key)
          done(c.key)
        }
      } catch (err) {
        outcome.error = (err as Error).message
        const some = partly(p.writes, writtenIds, outcome.notWritten)
        if (some) outcome.partly = some
      }
    })
    const failed = outcomes.filter((o) => o.error !== undefined)
    if (failed.length > 0) {
      const landed = updatedAts.filter((t) => t > 0)
      const order = new Map(plan.projects.map((p, i) => [p.id, i]))
      outcomes.sort((a, b) => order.get(a.projectId)! - order.get(b.projectId)!)
      throw new WriteError(failed.map((o) => o.error).join('\n'), outcomes, landed.length > 0 ? Math.min(...landed) : undefined)
    }
  }
  // Vercel always returns updatedAt; a missing one must not make older deployments look current.
  const landed = updatedAts.filter((t) => t > 0)
  if (landed.length < updatedAts.length || landed.length === 0) {
    const now = Date.now()
    return { earliest: landed.length > 0 ? Math.min(...landed) : now, newest: now, comments }
  }
  return { earliest: Math.min(...landed), newest: Math.max(...landed), comments }
}
