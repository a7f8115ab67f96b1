/**
 * The audit cases of `npm run bench`: mode audit over a team of 1000 projects with 30 records each, and over 300
 * projects behind a 120-requests-per-minute bucket on the project endpoints (Vercel's `api-projects`). Each reports
 * requests per project and wall time; the limited case also the floor its bucket sets: with fixed one-minute
 * windows, N requests cannot finish before (ceil(N / limit) - 1) windows have passed.
 */
import { seedAuditTeam, startEmulator, type EmulatorOptions } from '../emulator/index.js'
import { runAction } from '../scripts/run-action.js'

const TOKEN = 'benchtoken'

export interface AuditRow {
  label: string
  runtime: string
  projects: number
  records: number
  wall: number
  requestsPerProject: number
  rateLimited: number
  /** Seconds the bucket forces at least; 0 without a limit. */
  floorS: number
  rssMb: number
  findings: number
  ok: boolean
}

export interface AuditCase {
  label: string
  projects: number
  recordsPerProject: number
  rateLimit?: { limit: number; windowMs: number }
}

export const AUDIT_CASES: Record<string, AuditCase> = {
  audit: { label: '1000 projects × 30 records', projects: 1000, recordsPerProject: 30 },
  'audit-rate-limit': {
    label: '300 projects × 30 records, 120 requests/min',
    projects: 300,
    recordsPerProject: 30,
    rateLimit: { limit: 120, windowMs: 60_000 },
  },
}

export async function auditRow(c: AuditCase, rt: { label: string; bin: string }, latencyMs: number): Promise<AuditRow> {
  const o: EmulatorOptions = { token: TOKEN, latencyMs, ...(c.rateLimit ? { rateLimit: { ...c.rateLimit, bucket: 'projects' } } : {}) }
  const emulator = await startEmulator(o)
  seedAuditTeam(emulator.state, { projects: c.projects, recordsPerProject: c.recordsPerProject, extraShared: 40, slug: 'bench' })
  const start = performance.now()
  const run = await runAction({
    node: rt.bin,
    peakRss: true,
    inputs: { 'vercel-token': TOKEN, team: 'bench', mode: 'audit', 'api-url': emulator.url },
    timeoutMs: 30 * 60_000,
  })
  const wall = (performance.now() - start) / 1000
  const accepted = emulator.stats.total - emulator.stats.rateLimited
  const floorS = c.rateLimit ? (Math.ceil(accepted / c.rateLimit.limit) - 1) * (c.rateLimit.windowMs / 1000) : 0
  const findings = (JSON.parse(run.outputs.findings || '[]') as unknown[]).length
  const row: AuditRow = {
    label: c.label,
    runtime: rt.label,
    projects: c.projects,
    records: c.projects * c.recordsPerProject,
    wall,
    requestsPerProject: emulator.stats.total / c.projects,
    rateLimited: emulator.stats.rateLimited,
    floorS,
    rssMb: run.peakRssMb ?? NaN,
    findings,
    // No policy is set: the audit succeeds and reports.
    ok: run.code === 0 && findings > 0,
  }
  await emulator.close()
  if (!row.ok) console.error(`${rt.label} audit ${c.label}: exit ${run.code}\n${run.stdout.slice(-4000)}\n${run.stderr}`)
  return row
}

export function printAudit(rows: AuditRow[]): void {
  if (rows.length === 0) return
  const s = (x: number) => x.toFixed(1)
  console.log(
    '\n| audit | runtime | records | wall (s) | floor set by the bucket (s) | wall − floor (s) | requests / project | 429s | peak RSS (MB) | findings | ok |',
  )
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|')
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${r.runtime} | ${r.records} | ${s(r.wall)} | ${r.floorS ? s(r.floorS) : '—'} | ${r.floorS ? s(r.wall - r.floorS) : '—'} | ${r.requestsPerProject.toFixed(2)} | ${r.rateLimited} | ${Math.round(r.rssMb)} | ${r.findings} | ${r.ok ? 'yes' : 'NO'} |`,
    )
  }
}
