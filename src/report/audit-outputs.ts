/** The outputs and the failure message of mode: audit, from one AuditResult. Pure, like the rotation's. */
import type { AuditResult, Finding } from '../audit/types.js'
import type { Outputs } from './outputs.js'

export type AuditOutputs = Outputs & Record<'findings' | 'rotation-matrix', string>

/** The contract's finding object: `project` for a project's own record, `projects` for a shared variable. */
const findingOf = (f: Finding) => ({
  kind: f.kind,
  key: f.key,
  scope: f.scope,
  ...(f.scope === 'project' ? { project: f.projects[0] ?? null } : { projects: f.projects }),
  targets: f.targets,
  record: f.record,
  'age-days': f.ageDays ?? null,
  'age-from': f.ageFrom,
  action: f.action,
  detail: f.detail,
  violation: f.violation,
})

/**
 * Bytes of the `findings` output at most: GitHub holds an output to 1 MB, and an expression reading a larger one
 * fails. Findings are worst first, so a cut keeps the worst; the result file holds every one.
 */
export const FINDINGS_OUTPUT_MAX = 900_000

/** The worst findings whose JSON fits the output's budget, and how many were left out. */
export function findingsOutput(findings: Finding[], max = FINDINGS_OUTPUT_MAX): { json: string; left: number } {
  const objects = findings.map((f) => JSON.stringify(findingOf(f)))
  let bytes = 2
  let n = 0
  for (const o of objects) {
    const next = bytes + Buffer.byteLength(o) + (n > 0 ? 1 : 0)
    if (next > max) break
    bytes = next
    n++
  }
  return { json: `[${objects.slice(0, n).join(',')}]`, left: objects.length - n }
}

/** What the audit adds to the result file: every finding, the matrix and the violations, none of them cut. */
export function auditFileOf(result: AuditResult) {
  return { findings: result.findings.map(findingOf), rotationMatrix: result.matrix, violations: result.violations }
}

/** Every output the other modes set, so a later job never reads an empty one; an audit revokes nothing. */
export function auditOutputsOf(result?: AuditResult): AuditOutputs {
  return {
    'safe-to-revoke': 'false',
    'revoke-after': '',
    'rotated-at': '',
    projects: JSON.stringify((result?.inventory.projects ?? []).map((p) => ({ name: p.name, id: p.id }))),
    'failed-projects': '',
    findings: findingsOutput(result?.findings ?? []).json,
    'rotation-matrix': JSON.stringify(result?.matrix ?? []),
  }
}

/** Violations named in the failure message; a team with hundreds would bury the first ones. */
const LISTED = 20

/** Why the step fails: each violation and the fix; undefined when the policy holds. An error is a failure of its own. */
export function auditFailure(result?: AuditResult, error?: string): string | undefined {
  if (error) return error
  if (!result) return 'The audit did not run.'
  if (!result.violations.length) return undefined
  const broken = result.findings.filter((f) => f.violation)
  const fixes = [
    broken.some((f) => f.kind === 'old')
      ? 'rotate each old record (the rotation-matrix output lists them, ready for strategy.matrix.include)'
      : undefined,
    broken.some((f) => f.kind === 'readable')
      ? "make each readable record sensitive with a new value, its old value assumed seen (each finding's action says how)"
      : undefined,
    broken.some((f) => f.kind === 'integration')
      ? 'rotate the integration-managed ones at their provider, then run mode: redeploy with store'
      : undefined,
  ].filter(Boolean)
  const n = result.violations.length
  // GitHub shows an annotation's first few kilobytes: the rest is in the summary and the findings output.
  const shown = result.violations.slice(0, LISTED)
  return [
    `The audit found ${n} policy ${n === 1 ? 'violation' : 'violations'}. Fix: ${fixes.join('; ')}.`,
    ...shown.map((v) => `- ${v}`),
    ...(n > shown.length ? [`- and ${n - shown.length} more: see the job summary and the findings output.`] : []),
  ].join('\n')
}
