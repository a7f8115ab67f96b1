/**
 * mode: audit's judgement: a pure function of the inventory, the settings and the time. It reads metadata only:
 * the inventory holds no value, and nothing here asks for one.
 */
import { readStamp } from '../rotation/stamp.js'
import { notDeployed } from './deployed.js'
import { matrixOf } from './matrix.js'
import { keyMatcher } from './key-patterns.js'
import { policyFindings, violationLine, type Judged } from './policy.js'
import { cmp, indexOf } from './reach.js'
import { shadowedFindings } from './shadowed.js'
import type { AuditResult, AuditSettings, Finding, Inventory } from './types.js'

/** Worst first: a readable production value, a rotation left half done, an old value, then the rest. */
export function rankOf(f: Pick<Finding, 'kind' | 'targets'>): number {
  switch (f.kind) {
    case 'readable':
      return f.targets.includes('production') ? 0 : 3
    case 'not-deployed':
      return 1
    case 'old':
      return 2
    case 'shadowed':
      return 4
    case 'integration':
      return 5
  }
}

const order = (a: Finding, b: Finding) =>
  rankOf(a) - rankOf(b) || cmp(a.key, b.key) || cmp(a.projects[0] ?? '', b.projects[0] ?? '') || cmp(a.record, b.record)

export function judgeInventory(inventory: Inventory, settings: AuditSettings, now: number): AuditResult {
  const inName = settings.keys.length ? keyMatcher(settings.keys) : () => true
  const ignored = keyMatcher(settings.ignore)
  const records = inventory.records.filter((r) => inName(r.key))
  const secrets = records.filter((r) => !ignored(r.key))
  const ix = indexOf(inventory)

  const judged: Judged[] = [
    // Public configuration is never readable or old; whether it is deployed, or overridden, still matters.
    ...secrets.flatMap((r) => policyFindings(r, ix, settings, now)),
    ...records.flatMap((r) => notDeployed(r, ix, now) ?? []),
    ...shadowedFindings(records, ix, now),
  ].sort((a, b) => order(a.finding, b.finding))

  const findings = judged.map((j) => j.finding)
  return {
    inventory,
    findings,
    matrix: matrixOf(findings, inventory.team ?? settings.team),
    violations: judged.flatMap((j) => j.rules.map((rule) => violationLine(j.finding, rule))),
    counts: {
      projects: inventory.projects.length,
      records: secrets.length,
      stamped: secrets.filter((r) => readStamp(r.comment)).length,
      ignored: records.length - secrets.length,
    },
  }
}
