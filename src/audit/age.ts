/** How old a record's value is: from the rotation stamp where there is one, else from the record's last edit. Pure. */
import { readStamp, type Stamp } from '../rotation/stamp.js'
import type { AuditRecord } from './types.js'

export const DAY_MS = 86_400_000

export interface Age {
  /** Whole days, rounded down; undefined when Vercel gave no time and the comment carries no stamp. */
  days?: number
  /** `rotation`: the stamp's time, the value's true age. `edit`: `updatedAt`, which metadata edits also move. */
  from: 'rotation' | 'edit'
  stamp?: Stamp
}

export function ageOf(record: Pick<AuditRecord, 'comment' | 'updatedAt'>, now: number): Age {
  const stamp = readStamp(record.comment)
  const since = stamp ? stamp.at.getTime() : record.updatedAt
  // A clock a little ahead of the runner's is no reason for a negative age.
  const days = since === undefined ? undefined : Math.max(0, Math.floor((now - since) / DAY_MS))
  return { ...(days !== undefined ? { days } : {}), from: stamp ? 'rotation' : 'edit', ...(stamp ? { stamp } : {}) }
}
