/** One project's plan as reading begins, and its rotated records as reported. Shared by both scopes. */
import type { CustomEnvironment, EnvRecord, Project, SharedVariable } from '../../vercel/port.js'
import { coverage } from '../records.js'
import type { Logger, ProjectPlan, RecordRef } from '../types.js'
import { coverageOf } from '../environments.js'
import { type ProjectReads } from '../projects.js'

export const READS_IN_FLIGHT = 16

export const refs = (records: (EnvRecord | SharedVariable)[], custom: CustomEnvironment[] = []): RecordRef[] =>
  records.map((r) => ({ id: r.id, key: r.key, targets: coverage(r, custom), type: r.type }))

/**
 * `targets: all` over a key held in several records (production, preview, a branch): they may hold different
 * credentials, and one value written into all of them would give preview deployments the production one.
 */
export function splitProblem(subject: string, records: RecordRef[]): string {
  const list = records.map((r) => `${r.id} (${r.targets.join(', ')})`).join(', ')
  return `${subject} is held in ${records.length} records: ${list}. They may hold different values (e.g. a production and a preview database); with targets: all, one value would be written into all of them, and preview deployments, which run unreviewed code, would get the production credential. Set targets to the ones to rotate (e.g. targets: production), one run per value.`
}

/** A plain record's value is shown in clear to everyone who can see the project: it cannot hold a secret. */
export function plainProblem(subject: string, targets: string[]): string {
  const dev = targets.includes('development') ? ' Development cannot be sensitive: give it a record of its own, encrypted.' : ''
  return `${subject} (${targets.join(', ')}) is plain: Vercel shows and lists its value in clear, so it cannot hold a secret. Recreate it as sensitive: remove it in Vercel and add it again with Sensitive on (Vercel makes an existing variable sensitive only by removing and re-adding it), then re-run.${dev}`
}

export function projectPlan(
  project: Project,
  records: RecordRef[],
  rotated: Parameters<typeof coverageOf>[0],
  custom: CustomEnvironment[],
): ProjectPlan {
  return {
    id: project.id,
    name: project.name,
    records,
    covers: coverageOf(rotated, custom),
    environments: [],
    bypass: project.protectionBypass,
    ...(project.protection ? { protection: project.protection } : {}),
    ...(project.trustedSources !== undefined ? { trustedSources: project.trustedSources } : {}),
    skewMaxAgeMs: project.skewMaxAgeMs,
    ...(project.skewBoundaryAt !== undefined ? { skewBoundaryAt: project.skewBoundaryAt } : {}),
    inFlight: [],
    writes: [],
    creates: [],
    serving: project.servingProduction,
    rolledBack: project.rolledBack,
    rollingRelease: project.rollingRelease,
    ...(project.ignoreCommand ? { ignoreCommand: project.ignoreCommand } : {}),
    ...(project.skipsUnaffected ? { skipsUnaffected: true } : {}),
    action: 'redeploy',
    previews: [],
    previewsLeft: 0,
    previewsBuilding: [],
  }
}

/** Says where the projects came from when the team's listing was read: it explains the request count. */
export function logReads(read: ProjectReads, log: Logger): void {
  if (read.pages === 0) return
  const rest = read.projects.length - read.listed
  log.info(
    `Read ${read.listed} of ${read.projects.length} projects from ${read.pages} page(s) of the team's project listing${rest > 0 ? `; ${rest} read one by one` : ''}.`,
  )
}
