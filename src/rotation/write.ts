/** Writes the new value: one PATCH per project record (or a create), or one update of the shared variable. */
import type { VercelPort } from '../vercel/port.js'
import { mapLimit } from './parallel.js'
import type { Plan, Settings } from './types.js'

export class WriteError extends Error {
  constructor(
    message: string,
    /** Projects whose records were all written before the failure. */
    readonly writtenProjectIds: string[],
    readonly failedProjectIds: string[],
    /** When Vercel recorded the writes that did land (epoch ms); undefined when none did. */
    readonly writtenAt?: number,
  ) {
    super(message)
    this.name = 'WriteError'
  }
}

/** Returns the epoch ms Vercel recorded for the write (the newest `updatedAt`). */
export async function writeValue(plan: Plan, s: Settings, port: VercelPort, value: string): Promise<number> {
  const stamps: number[] = []
  if (s.scope === 'team') {
    const updated = await port.updateSharedVariables(
      plan.shared.map((v) => v.id),
      value,
    )
    stamps.push(...updated.map((v) => v.updatedAt ?? 0))
  } else {
    const written: string[] = []
    const failed: string[] = []
    const errors: string[] = []
    await mapLimit(plan.projects, s.maxParallel, async (p) => {
      try {
        for (const r of p.writes) stamps.push((await port.updateProjectEnv(p.id, r, value)).updatedAt ?? 0)
        for (const c of p.creates) {
          const created = await port.createProjectEnv(p.id, { ...c, value })
          stamps.push(...created.map((r) => r.updatedAt ?? 0))
          p.records = created.map((r, i) => ({ ...p.records[i]!, id: r.id }))
        }
        written.push(p.id)
      } catch (err) {
        failed.push(p.id)
        errors.push((err as Error).message)
      }
    })
    if (failed.length > 0) {
      const landed = stamps.filter((t) => t > 0)
      throw new WriteError(errors.join('\n'), written, failed, landed.length > 0 ? Math.max(...landed) : undefined)
    }
  }
  const newest = Math.max(0, ...stamps)
  // Vercel always returns updatedAt; a missing one must not make older deployments look current.
  return newest > 0 ? newest : Date.now()
}
