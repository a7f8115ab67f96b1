/**
 * Which records of a key the rotation touches, and which it must refuse. Pure.
 * A record is key x targets (x git branch, x custom environments): "the" variable is often several records.
 */
import type { CustomEnvironment, EnvRecord, SharedVariable, StandardTarget } from '../vercel/port.js'

const STANDARD = new Set<string>(['production', 'preview', 'development'])

type AnyRecord = Pick<EnvRecord, 'id' | 'key' | 'target' | 'customEnvironmentIds' | 'gitBranch'>

export interface Selection<R> {
  selected: R[]
  /** Records that match `targets` but also cover a target outside it: editing them would change more than asked. */
  refused: { record: R; outside: string[] }[]
}

/** The wanted targets as standard targets plus custom-environment IDs; unknown names are returned apart. */
export function resolveTargets(
  targets: 'all' | string[],
  customEnvironments: CustomEnvironment[],
): { standard: Set<StandardTarget>; customIds: Set<string>; unknown: string[]; all: boolean } {
  if (targets === 'all') return { standard: new Set(), customIds: new Set(), unknown: [], all: true }
  const standard = new Set<StandardTarget>()
  const customIds = new Set<string>()
  const unknown: string[] = []
  for (const t of targets) {
    if (STANDARD.has(t)) standard.add(t as StandardTarget)
    else {
      const env = customEnvironments.find((e) => e.id === t || e.slug === t)
      if (env) customIds.add(env.id)
      else unknown.push(t)
    }
  }
  return { standard, customIds, unknown, all: false }
}

export function needsCustomEnvironments(targets: 'all' | string[]): boolean {
  return targets !== 'all' && targets.some((t) => !STANDARD.has(t))
}

/** Human label of what a record covers, e.g. `production, preview (branch feature/x), staging`. */
export function coverage(
  record: Pick<AnyRecord, 'target' | 'customEnvironmentIds' | 'gitBranch'>,
  customEnvironments: CustomEnvironment[] = [],
): string[] {
  const labels: string[] = record.target.map((t) => (t === 'preview' && record.gitBranch ? `preview (branch ${record.gitBranch})` : t))
  for (const id of record.customEnvironmentIds) labels.push(customEnvironments.find((e) => e.id === id)?.slug ?? id)
  return labels
}

export function selectRecords<R extends AnyRecord>(records: R[], key: string, want: ReturnType<typeof resolveTargets>): Selection<R> {
  const selected: R[] = []
  const refused: Selection<R>['refused'] = []
  for (const r of records) {
    if (r.key !== key) continue
    if (want.all) {
      selected.push(r)
      continue
    }
    const inside = r.target.filter((t) => want.standard.has(t)).length + r.customEnvironmentIds.filter((id) => want.customIds.has(id)).length
    if (inside === 0) continue
    const outside = [...r.target.filter((t) => !want.standard.has(t)), ...r.customEnvironmentIds.filter((id) => !want.customIds.has(id))]
    if (outside.length > 0) refused.push({ record: r, outside })
    else selected.push(r)
  }
  return { selected, refused }
}

/**
 * Where a project-level record overrides a shared variable of the same key in a linked project: the standard
 * targets and custom-environment IDs both cover. Vercel gives the project-level value precedence there.
 */
export function overriddenTargets(
  record: Pick<EnvRecord, 'target' | 'customEnvironmentIds'>,
  shared: Pick<SharedVariable, 'target' | 'customEnvironmentIds' | 'applyToAllCustomEnvironments'>,
): string[] {
  return [
    ...record.target.filter((t) => shared.target.includes(t)),
    // A shared variable for every custom environment reaches each one a project record names.
    ...record.customEnvironmentIds.filter((id) => shared.applyToAllCustomEnvironments || shared.customEnvironmentIds.includes(id)),
  ]
}

/** Project-level records that override a shared variable in a linked project: the rotated value would never reach it. */
export function shadowingRecords(projectRecords: EnvRecord[], shared: SharedVariable[]): EnvRecord[] {
  return projectRecords.filter((r) => shared.some((s) => r.key === s.key && overriddenTargets(r, s).length > 0))
}

/** The targets a record to be created gets, from the `targets` input; sensitive records cannot target development. */
export function targetsForNewRecord(
  want: ReturnType<typeof resolveTargets>,
  type: 'sensitive' | 'encrypted',
): { target: StandardTarget[]; customEnvironmentIds: string[] } {
  if (want.all) {
    return { target: type === 'sensitive' ? ['production', 'preview'] : ['production', 'preview', 'development'], customEnvironmentIds: [] }
  }
  return { target: [...want.standard], customEnvironmentIds: [...want.customIds] }
}
