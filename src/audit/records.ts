/** Vercel's records as the audit holds them: metadata only, in the inventory's words. */
import type { EnvRecord, SharedVariable } from '../vercel/port.js'
import type { AuditRecord } from './types.js'

/** A project's own record. */
export function projectRecord(r: EnvRecord, projectId: string): AuditRecord {
  return {
    id: r.id,
    key: r.key,
    scope: 'project',
    type: r.type,
    targets: r.target,
    customEnvironmentIds: r.customEnvironmentIds,
    ...(r.gitBranch ? { gitBranch: r.gitBranch } : {}),
    projectIds: [projectId],
    ...(r.comment !== undefined ? { comment: r.comment } : {}),
    securityIssues: r.securityIssues ?? [],
    ...(r.managedBy ? { managedBy: r.managedBy } : {}),
    ...times(r),
    ...editor(undefined, r.updatedBy ?? r.createdBy),
  }
}

/** A shared variable, linked to `projectIds` (those of the audit's scope). */
export function sharedRecord(v: SharedVariable, projectIds: string[]): AuditRecord {
  return {
    id: v.id,
    key: v.key,
    scope: 'shared',
    type: v.type,
    targets: v.target,
    customEnvironmentIds: v.customEnvironmentIds,
    ...(v.applyToAllCustomEnvironments ? { allCustomEnvironments: true } : {}),
    projectIds,
    ...(v.comment !== undefined ? { comment: v.comment } : {}),
    securityIssues: v.securityIssues ?? [],
    ...times(v),
    ...editor(v.lastEditedBy, v.updatedBy ?? v.createdBy),
  }
}

function times(r: { createdAt?: number; updatedAt?: number }): Pick<AuditRecord, 'createdAt' | 'updatedAt'> {
  return { ...(r.createdAt !== undefined ? { createdAt: r.createdAt } : {}), ...(r.updatedAt !== undefined ? { updatedAt: r.updatedAt } : {}) }
}

/** The name Vercel shows where it gives one, else the user ID. */
function editor(name: string | undefined, userId: string | undefined): Pick<AuditRecord, 'editedBy'> {
  const by = name ?? userId
  return by ? { editedBy: by } : {}
}
