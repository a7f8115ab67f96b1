/**
 * The wait's progress log, readable at a thousand projects: per-project lines are written one by one up to a
 * bound per interval, and the rest of that interval is counted and written as one line naming a few of them; the
 * counts of every phase follow. Warnings are never held back: they go through the logger directly.
 */
import type { Logger } from '../types.js'
import { phaseOf, type Phase, type Rollout } from './rollout.js'

/** Lines of one kind written one by one per interval (a second of the wait). */
export const LINES_PER_INTERVAL = 10

interface Held {
  count: number
  names: string[]
}

export class BoundedLog {
  readonly #log: Logger
  readonly #bound: number
  readonly #shown = new Map<string, number>()
  readonly #held = new Map<string, Held>()

  constructor(log: Logger, bound = LINES_PER_INTERVAL) {
    this.#log = log
    this.#bound = bound
  }

  /** `kind` names the lines when counted, e.g. "redeploys created"; `name` is the project. */
  info(kind: string, name: string, message: string): void {
    const shown = this.#shown.get(kind) ?? 0
    if (shown < this.#bound) {
      this.#shown.set(kind, shown + 1)
      this.#log.info(message)
      return
    }
    const held = this.#held.get(kind) ?? { count: 0, names: [] }
    held.count++
    if (held.names.length < 3) held.names.push(name)
    this.#held.set(kind, held)
  }

  /** Ends the interval: one line per kind that was held back. True when anything was. */
  flush(): boolean {
    const any = this.#held.size > 0
    for (const [kind, held] of this.#held) {
      const some = held.names.join(', ') + (held.count > held.names.length ? ', …' : '')
      this.#log.info(`… and ${held.count} more ${kind} (${some}).`)
    }
    this.#held.clear()
    this.#shown.clear()
    return any
  }
}

const byLogger = new WeakMap<Logger, BoundedLog>()

/** One bounded log per logger, so the creates and the waiting loop beside them share one budget per interval. */
export function boundedFor(log: Logger): BoundedLog {
  let bounded = byLogger.get(log)
  if (!bounded) byLogger.set(log, (bounded = new BoundedLog(log)))
  return bounded
}

/** One line that stays readable at any scale: counts, not names. */
export function progressLine(rollouts: Rollout[], elapsedMs: number): string {
  const count = (phase: Phase) => rollouts.filter((r) => phaseOf(r) === phase).length
  const parts = [
    `${count('serving')} of ${rollouts.length} serving`,
    ...(count('creating') > 0 ? [`${count('creating')} being created`] : []),
    `${count('building')} building`,
    `${count('proving')} health-checking`,
    `${count('failed')} failed`,
    `${count('unhealthy')} unhealthy`,
  ]
  return `Waiting (${Math.round(elapsedMs / 1000)} s): ${parts.join(', ')}.`
}
