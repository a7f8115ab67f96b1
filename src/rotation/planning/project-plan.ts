/** One project's plan as reading begins, and its rotated records as reported. Shared by both scopes. */
import type { CustomEnvironment, EnvRecord, Project, SharedVariable } from '../../vercel/port.js'
import { coverage } from '../records.js'
import type { Logger, ProjectPlan, RecordRef } from '../types.js'
import { coverageOf } from '../environments.js'
import { type ProjectReads } from '../projects.js'

export const READS_IN_FLIGHT = 16

export const refs = (records: (EnvRecord | SharedVariable)[], custom: CustomEnvironment[] = []): RecordRef[] =>
  records.map((r) => ({ id: r.id, key: r.key, targets: coverage(r, custom), type: r.type }))

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
    skewMaxAgeMs: project.skewMaxAgeMs,
    ...(project.skewBoundaryAt !== undefined ? { skewBoundaryAt: project.skewBoundaryAt } : {}),
    inFlight: [],
    writes: [],
    creates: [],
    serving: project.servingProduction,
    rolledBack: project.rolledBack,
    rollingRelease: project.rollingRelease,
    ...(project.ignoreCommand ? { ignoreCommand: project.ignoreCommand } : {}),
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
