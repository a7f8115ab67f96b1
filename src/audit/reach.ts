/** Where a record reaches in the inventory: which projects, which environments, under which names. Pure. */
import type { Age } from './age.js'
import { overriddenTargets } from '../rotation/records.js'
import type { AuditProject, AuditRecord, Inventory } from './types.js'

const STANDARD = ['production', 'preview', 'development'] as const

export interface Index {
  projects: Map<string, AuditProject>
  /** Project records by owner and key: what overrides a shared variable in that project. */
  own: Map<string, AuditRecord[]>
}

const ownKey = (projectId: string, key: string) => `${projectId}\u0000${key}`

export function indexOf(inventory: Inventory): Index {
  const own = new Map<string, AuditRecord[]>()
  for (const r of inventory.records) {
    if (r.scope !== 'project') continue
    for (const id of r.projectIds) own.set(ownKey(id, r.key), [...(own.get(ownKey(id, r.key)) ?? []), r])
  }
  return { projects: new Map(inventory.projects.map((p) => [p.id, p])), own }
}

/** The inventory's projects the record reaches: its owner, or the linked projects that the audit read. */
export const reached = (r: AuditRecord, ix: Index): AuditProject[] =>
  r.projectIds
    .map((id) => ix.projects.get(id))
    .filter((p): p is AuditProject => p !== undefined)
    .sort((a, b) => cmp(a.name, b.name))

/** The names of the projects a record belongs to, sorted; a project the audit did not read keeps its ID. */
export const projectNames = (r: AuditRecord, ix: Index): string[] => [...new Set(r.projectIds.map((id) => ix.projects.get(id)?.name ?? id))].sort(cmp)

/** Byte order: stable whatever the runner's locale. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The record's cover in rotation terms, for the shadow rule shared with the rotation. */
const asRotation = (r: AuditRecord) => ({
  target: r.targets,
  customEnvironmentIds: r.customEnvironmentIds,
  applyToAllCustomEnvironments: r.allCustomEnvironments === true,
})

/** The project records that override a shared variable in one project, and where (targets, custom-environment IDs). */
export function overridesIn(shared: AuditRecord, projectId: string, ix: Index): { record: AuditRecord; where: string[] }[] {
  return (ix.own.get(ownKey(projectId, shared.key)) ?? [])
    .map((record) => ({ record, where: overriddenTargets(asRotation(record), asRotation(shared)) }))
    .filter((o) => o.where.length > 0)
}

/** The custom environments of a project the record covers. */
export const customCovered = (r: AuditRecord, p: AuditProject): AuditProject['customEnvironments'] =>
  r.allCustomEnvironments ? p.customEnvironments : p.customEnvironments.filter((e) => r.customEnvironmentIds.includes(e.id))

/** A custom environment's slug, from the projects the record reaches; its ID where none of them names it. */
function slugOf(id: string, r: AuditRecord, ix: Index): string {
  for (const pid of r.projectIds) {
    const env = ix.projects.get(pid)?.customEnvironments.find((e) => e.id === id)
    if (env) return env.slug
  }
  return id
}

/** Targets and custom environments by name: `production`, `preview`, `staging`, or `all custom environments`. */
export const targetLabels = (r: AuditRecord, ix: Index): string[] => [
  ...STANDARD.filter((t) => r.targets.includes(t)),
  ...r.customEnvironmentIds.map((id) => slugOf(id, r, ix)),
  ...(r.allCustomEnvironments ? ['all custom environments'] : []),
]

/** Labels of targets and custom-environment IDs as one project names them. */
export const labelsIn = (where: string[], p: AuditProject | undefined): string[] =>
  where.map((w) => p?.customEnvironments.find((e) => e.id === w)?.slug ?? w)

/** The record reaches deployed code: production, preview or a custom environment, not development alone. */
export const reachesDeployments = (r: AuditRecord): boolean =>
  r.targets.includes('production') || r.targets.includes('preview') || r.customEnvironmentIds.length > 0 || r.allCustomEnvironments === true

/** What every finding of a record says of it: key, scope, projects, targets, record, and its age. */
export function findingBase(r: AuditRecord, ix: Index, age: Age, projects: string[]) {
  return {
    key: r.key,
    scope: r.scope,
    projects,
    targets: targetLabels(r, ix),
    record: r.id,
    ...(age.days !== undefined ? { ageDays: age.days } : {}),
    ageFrom: age.from,
  }
}
