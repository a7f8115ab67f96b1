import type { AuditRow } from './audit.js'

/** The figures the fan-out is held to, judged on Node 24 (the runtime GitHub runs the action with). Reported, never asserted. */

export interface Measured {
  case: 'fanout' | 'rate-limit' | 'n1000'
  runtime: string
  n: number
  limit?: number
  /** Seconds: one build round, or the rounds a concurrent-build limit forces. */
  ideal: number
  buildS: number
  wall: number
  requests: number
  rateLimited: number
  rssMb: number
  ok: boolean
}

export interface Verdict {
  target: string
  measured: string
  pass: boolean
}

/** One polling interval: Vercel's own client polls every second for the first 15 s. */
const POLL_S = 1

export function targets(rows: Measured[], audits: AuditRow[] = []): Verdict[] {
  const out: Verdict[] = []
  for (const a of audits.filter((r) => r.runtime === 'Node 24')) {
    out.push({
      target: `audit, ${a.label}: ≤ 1.3 requests per project`,
      measured: a.requestsPerProject.toFixed(2),
      pass: a.requestsPerProject <= 1.3,
    })
    // The bucket's floor is what Vercel's limit costs any client; beyond it, the audit's own time.
    if (a.floorS > 0) {
      const bound = a.floorS + 15
      out.push({
        target: `audit, ${a.label}: wall ≤ the bucket's floor + 15 s (${bound.toFixed(1)} s)`,
        measured: `${a.wall.toFixed(1)} s`,
        pass: a.wall <= bound,
      })
    }
  }
  const on24 = rows.filter((r) => r.runtime === 'Node 24')
  const n1000 = on24.find((r) => r.case === 'n1000')
  if (n1000) {
    const bound = 1.3 * n1000.ideal + POLL_S
    out.push({
      target: `1000 projects: wall ≤ 1.3 × ideal + ${POLL_S} s (${bound.toFixed(1)} s)`,
      measured: `${n1000.wall.toFixed(1)} s`,
      pass: n1000.wall <= bound,
    })
    out.push({ target: '1000 projects: peak RSS ≤ 300 MB', measured: `${Math.round(n1000.rssMb)} MB`, pass: n1000.rssMb <= 300 })
  }
  const limited = on24.find((r) => r.case === 'rate-limit')
  if (limited) {
    const bound = limited.buildS + 15
    out.push({
      target: `300 projects, 120 requests/min: wall ≤ build time + 15 s (${bound.toFixed(1)} s)`,
      measured: `${limited.wall.toFixed(1)} s`,
      pass: limited.wall <= bound,
    })
  }
  const hundred = on24.find((r) => r.case === 'fanout' && r.n === 100 && r.limit === undefined)
  if (hundred) {
    out.push({ target: '100 projects: ≤ 2.1 requests per project', measured: hundred.requests.toFixed(2), pass: hundred.requests <= 2.1 })
    out.push({
      target: `100 projects: wall ≤ 1.2 × ideal (${(1.2 * hundred.ideal).toFixed(1)} s)`,
      measured: `${hundred.wall.toFixed(1)} s`,
      pass: hundred.wall <= 1.2 * hundred.ideal,
    })
  }
  // "1.2 × ideal as today": when that target was set, the README's table had 100 projects at 1.19 × ideal with
  // 12 concurrent builds and 2.55 × without a limit, so it is reported for both.
  const hundredLimited = on24.find((r) => r.case === 'fanout' && r.n === 100 && r.limit !== undefined)
  if (hundredLimited) {
    out.push({
      target: `100 projects, ${hundredLimited.limit} concurrent builds: wall ≤ 1.2 × ideal (${(1.2 * hundredLimited.ideal).toFixed(1)} s)`,
      measured: `${hundredLimited.wall.toFixed(1)} s`,
      pass: hundredLimited.wall <= 1.2 * hundredLimited.ideal,
    })
  }
  for (const r of on24)
    if (!r.ok) out.push({ target: `${r.case} N=${r.n}: every project verified, none redeployed twice`, measured: 'no', pass: false })
  return out
}
