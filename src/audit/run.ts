/** mode audit: read the inventory, then judge it. Reads only; no value is ever asked for. */
import type { Logger } from '../rotation/types.js'
import type { VercelPort } from '../vercel/port.js'
import { collectInventory } from './collect.js'
import { judgeInventory } from './findings.js'
import type { AuditResult, AuditSettings } from './types.js'
import { findingsOutput } from '../report/audit-outputs.js'

export interface AuditDeps {
  port: VercelPort
  log: Logger
  clock: { now(): number }
  signal?: AbortSignal
  group?: <T>(name: string, fn: () => Promise<T>) => Promise<T>
}

export async function runAudit(settings: AuditSettings, deps: AuditDeps): Promise<AuditResult> {
  const group = deps.group ?? ((_name, fn) => fn())
  const inventory = await group('Read the inventory', () => collectInventory(settings, deps))
  if (inventory.gaps.length > 0) {
    // One warning, then each gap: what they cover was not judged, so the audit cannot vouch for it.
    deps.log.warning(`${inventory.gaps.length} read(s) came back incomplete; what they cover was not judged. First: ${inventory.gaps[0]}`)
    for (const gap of inventory.gaps) deps.log.info(`Incomplete: ${gap}`)
  }
  const result = judgeInventory(inventory, settings, deps.clock.now())
  const left = findingsOutput(result.findings).left
  if (left > 0) {
    deps.log.warning(
      `The findings output holds the worst ${result.findings.length - left} of ${result.findings.length} findings (GitHub keeps an output to 1 MB); the result file (result-file output) holds every one.`,
    )
  }
  return result
}
