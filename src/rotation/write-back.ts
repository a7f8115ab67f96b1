/**
 * The previous value written back over every record a failed rotation wrote, by the same path as the write: project
 * records by ID, the shared variables in one update, each with its comment as it was before the rotation.
 */
import type { EnvRecord, SharedUpdate, VercelPort } from '../vercel/port.js'
import type { Credential } from './credential.js'
import { mapLimit } from './parallel.js'
import type { Plan, ProjectPlan, Settings } from './types.js'

export interface WriteBack {
  restored: number
  total: number
  errors: string[]
  /** Projects whose records (or linked shared variables) still hold the new value. */
  notRestored: string[]
  /** Records whose comment Vercel refused with the value: written with the value alone, their stamp still there. */
  uncommented: number
}

/** The records one project's write reached: its own records by ID (created ones by their new ID). */
function writtenHere(p: ProjectPlan): EnvRecord[] {
  const created = p.records.filter((r) => r.id !== '(new)' && !p.writes.some((w) => w.id === r.id))
  // Only the ID is sent with a value (updateProjectEnv): the rest of a created record's fields do not matter here,
  // and it had no comment before the rotation.
  return [...p.writes, ...created.map((r) => ({ id: r.id, key: r.key, type: 'sensitive' as const, target: [], customEnvironmentIds: [] }))]
}

/** Vercel refused the request as sent (HTTP 400, or a `failed[]` entry of a 200): what it refused was not carried out. */
const refused = (err: unknown): boolean => [400, 200].includes((err as { status?: number }).status ?? 0)
const writtenIds = (err: unknown): string[] => (err as { writtenIds?: string[] }).writtenIds ?? []

/**
 * Writes each key's previous value back, each record with the comment `commentBack` gives it (from its ID and its
 * comment before the rotation; undefined leaves the comment as it is). The value matters and the comment is
 * metadata: a request Vercel refuses while it carries a comment is sent again with the value alone. Goes on past a
 * failed project so that as much as can be is restored, and says how much was.
 */
export async function restoreValue(
  plan: Plan,
  s: Settings,
  port: VercelPort,
  credential: Credential,
  commentBack: (id: string, before: string | undefined) => string | undefined,
): Promise<WriteBack> {
  if (s.scope === 'team') {
    const total = plan.shared.length
    const updates: SharedUpdate[] = plan.shared.map((v) => {
      const comment = commentBack(v.id, v.comment)
      return { id: v.id, value: credential.previousOf(v.key), ...(comment !== undefined ? { comment } : {}) }
    })
    const done = new Set<string>()
    let uncommented = 0
    try {
      try {
        await port.updateSharedVariables(updates)
      } catch (err) {
        for (const id of writtenIds(err)) done.add(id)
        const again = updates.filter((u) => !done.has(u.id))
        if (!refused(err) || !again.some((u) => u.comment !== undefined)) throw err
        await port.updateSharedVariables(again.map(({ id, value }) => ({ id, value })))
        uncommented = again.filter((u) => u.comment !== undefined).length
      }
      return { restored: total, total, errors: [], notRestored: [], uncommented }
    } catch (err) {
      for (const id of writtenIds(err)) done.add(id)
      const left = plan.shared.filter((v) => !done.has(v.id))
      const linked = plan.projects.filter((p) => left.some((v) => v.projectIds.includes(p.id))).map((p) => p.name)
      return { restored: total - left.length, total, errors: [(err as Error).message], notRestored: linked, uncommented }
    }
  }
  const out: WriteBack = { restored: 0, total: 0, errors: [], notRestored: [], uncommented: 0 }
  await mapLimit(plan.projects, s.maxParallel, async (p) => {
    const records = writtenHere(p)
    out.total += records.length
    try {
      for (const r of records) {
        const previous = credential.previousOf(r.key)
        const comment = commentBack(r.id, r.comment)
        try {
          await port.updateProjectEnv(p.id, r, previous, comment)
        } catch (err) {
          if (comment === undefined || !refused(err)) throw err
          await port.updateProjectEnv(p.id, r, previous)
          out.uncommented++
        }
        out.restored++
      }
    } catch (err) {
      out.errors.push((err as Error).message)
      out.notRestored.push(p.name)
    }
  })
  return out
}
