/** mode audit: read the inventory, then judge it. Reads only; no value is ever asked for. */
import type { Logger } from '../rotation/types.js'
import type { VercelPort } from '../vercel/port.js'
import { collectInventory } from './collect.js'
import { judgeInventory } from './findings.js'
import type { AuditResult, AuditSettings } from './types.js'

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
  return judgeInventory(inventory, settings, deps.clock.now())
}
