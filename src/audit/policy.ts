/**
 * The findings the policy judges: `readable` and `old`, reported as `integration` where a Marketplace integration
 * manages the record (its provider rotates it). Each carries the rules it breaks, for the violations. Pure.
 */
import type { Integration } from '../vercel/port.js'
import { ageOf, type Age } from './age.js'
import { findingBase, projectNames, reachesDeployments, type Index } from './reach.js'
import type { AuditRecord, AuditSettings, Finding } from './types.js'
import { someOf } from './words.js'

/** A finding, and the rules of the policy it breaks (none: reported, not enforced). */
export interface Judged {
  finding: Finding
  rules: string[]
}

/** Not sensitive where deployed code reads it (`system` records hold Vercel's own values), or flagged by Vercel. */
const notSensitive = (r: AuditRecord) => r.type !== 'sensitive' && r.type !== 'system' && reachesDeployments(r)
export const isReadable = (r: AuditRecord): boolean => notSensitive(r) || r.securityIssues.includes('readable-secret')

/** Why a record's value can be read back, or undefined when it cannot. */
function readableWhy(r: AuditRecord): string | undefined {
  const flagged = r.securityIssues.includes('readable-secret')
  const open = notSensitive(r)
  if (!open && !flagged) return undefined
  const typed = r.type === 'plain' ? 'plain: Vercel shows its value in clear' : `${r.type}, not sensitive: its value can be read back`
  if (open && flagged) return `${typed}, and Vercel flags it readable-secret`
  return open ? typed : 'Vercel flags it readable-secret'
}

function ageWhy(age: Age, r: AuditRecord): string {
  if (age.from === 'rotation') {
    const by = age.stamp?.repository ? `, by ${age.stamp.repository} run ${age.stamp.runId}` : ''
    return `${age.days} days since it was rotated${by}`
  }
  return `${age.days} days since it was last edited${r.editedBy ? ` (by ${r.editedBy})` : ''}`
}

/** Who manages an integration's record, as the summary and the action name it. */
export const integrationOf = (m: Integration): string =>
  m.storeId
    ? `store ${m.storeId}`
    : m.integrationId
      ? `integration ${m.integrationId}`
      : m.configurationId
        ? `integration configuration ${m.configurationId}`
        : 'an integration'

/** Vercel makes a record sensitive only by removing it and adding it again (docs, "Sensitive environment variables"). */
function readableAction(r: AuditRecord, projects: string[], labels: string[]): string {
  // create-if-missing creates production and preview unless targets say otherwise; development cannot be sensitive.
  const want = labels.filter((t) => t !== 'development')
  const targets = want.join(',') === 'production,preview' ? '' : `, targets: ${want.join(', ')}`
  const dev = r.targets.includes('development') ? ' Development cannot be sensitive: give it a record of its own.' : ''
  return r.scope === 'shared'
    ? `Rotate it into a sensitive shared variable (the readable value must be assumed seen): remove it and add it again as sensitive with a new value (Vercel makes a record sensitive only that way), then run mode: redeploy with scope: team and name: ${r.key}.${dev}`
    : `Rotate it into a sensitive record (the readable value must be assumed seen): remove it (Vercel makes a record sensitive only by adding it again), then run mode: rotate with name: ${r.key}, projects: ${projects.join(', ')}${targets} and create-if-missing: true, which adds it as sensitive.${dev}`
}

const rotateAction = (r: AuditRecord, projects: string[]): string =>
  r.scope === 'shared'
    ? `Rotate it: mode: rotate with scope: team and name: ${r.key}.`
    : `Rotate it: mode: rotate with name: ${r.key} and projects: ${projects.join(', ')}.`

export function policyFindings(r: AuditRecord, ix: Index, s: AuditSettings, now: number): Judged[] {
  const age = ageOf(r, now)
  const readable = readableWhy(r)
  const old = s.maxAgeDays !== undefined && age.days !== undefined && age.days > s.maxAgeDays
  if (!readable && !old) return []
  const projects = projectNames(r, ix)
  const base = findingBase(r, ix, age, projects)
  const readableRule = readable && s.requireSensitive ? [`readable (${readable.replace(/:.*/, '')}) while require-sensitive is true`] : []
  const oldRule = old ? [`older than max-age-days ${s.maxAgeDays}: ${ageWhy(age, r)}`] : []
  if (r.managedBy) {
    const by = integrationOf(r.managedBy)
    const store = r.managedBy.storeId ? `store: ${r.managedBy.storeId}` : 'store set to its storage resource'
    const rules = [...readableRule, ...oldRule]
    return [
      {
        finding: {
          ...base,
          kind: 'integration',
          action: `Rotate it at the provider (${by}), then run mode: redeploy with ${store}.`,
          detail: `managed by ${by}: ${[readable, old ? ageWhy(age, r) : undefined].filter(Boolean).join('; ')}`,
          violation: rules.length > 0,
        },
        rules,
      },
    ]
  }
  const out: Judged[] = []
  if (readable) {
    out.push({
      finding: { ...base, kind: 'readable', action: readableAction(r, projects, base.targets), detail: readable, violation: readableRule.length > 0 },
      rules: readableRule,
    })
  }
  if (old) out.push({ finding: { ...base, kind: 'old', action: rotateAction(r, projects), detail: ageWhy(age, r), violation: true }, rules: oldRule })
  return out
}

/** One violation as a line: the key, the record, its projects and the rule broken. */
export function violationLine(f: Finding, rule: string): string {
  const where =
    f.scope === 'shared'
      ? `shared variable ${f.record}, ${f.projects.length ? `linked to ${someOf(f.projects, 5)}` : 'linked to no project'}`
      : `project record ${f.record} in ${someOf(f.projects, 5)}`
  return `${f.key} (${where}${f.kind === 'integration' ? ', managed by an integration' : ''}): ${rule}`
}
