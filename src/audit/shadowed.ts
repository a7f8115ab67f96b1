/**
 * `shadowed`: a project record overrides a shared variable of the same key where both cover a target, so the
 * shared value never reaches that project there, and a rotation of the shared variable is refused until it is
 * resolved. The rule is the rotation's own (rotation/records.ts). Never a policy violation. Pure.
 */
import { ageOf } from './age.js'
import { findingBase, labelsIn, overridesIn, type Index } from './reach.js'
import type { AuditProject, AuditRecord } from './types.js'
import type { Judged } from './policy.js'

interface Shadow {
  record: AuditRecord
  project: AuditProject | undefined
  projectId: string
  shared: string[]
  where: Set<string>
}

/** One finding per project record that overrides a shared variable (or several) linked to its project. */
export function shadowedFindings(records: AuditRecord[], ix: Index, now: number): Judged[] {
  const shadows = new Map<string, Shadow>()
  for (const shared of records.filter((r) => r.scope === 'shared')) {
    for (const projectId of shared.projectIds) {
      for (const { record, where } of overridesIn(shared, projectId, ix)) {
        const s = shadows.get(record.id) ?? { record, project: ix.projects.get(projectId), projectId, shared: [], where: new Set<string>() }
        s.shared.push(shared.id)
        for (const w of where) s.where.add(w)
        shadows.set(record.id, s)
      }
    }
  }
  return [...shadows.values()].map(({ record, project, projectId, shared, where }) => {
    const name = project?.name ?? projectId
    const age = ageOf(record, now)
    return {
      finding: {
        ...findingBase(record, ix, age, [name]),
        kind: 'shadowed',
        scope: 'project',
        action: `Remove this record if the shared variable should apply in ${name}, or rotate it on its own (projects: ${name}): while it overrides the shared variable, a rotation of the shared variable is refused.`,
        detail: `overrides shared variable ${shared.join(', ')} on ${labelsIn([...where], project).join(', ')}: ${name} uses its own value there`,
        violation: false,
      },
      rules: [],
    }
  })
}
