/**
 * mode: audit, in its own words. `collect.ts` reads Vercel into an Inventory (metadata only: no value is ever read);
 * `findings.ts` judges it, a pure function of the inventory, the settings and the time.
 */
import type { Integration, RecordType, StandardTarget } from '../vercel/port.js'

/** One env record as the audit sees it: what it covers and who touched it, never its value. */
export interface AuditRecord {
  id: string
  key: string
  /** `project`: a project's own record; `shared`: a team-level shared variable. */
  scope: 'project' | 'shared'
  type: RecordType
  targets: StandardTarget[]
  /** Custom environments the record covers, by ID. */
  customEnvironmentIds: string[]
  /** A shared variable that applies to every custom environment of its linked projects. */
  allCustomEnvironments?: boolean
  gitBranch?: string
  /** The owning project (project scope) or the linked projects (shared), by ID. */
  projectIds: string[]
  /** As Vercel holds it, rotation stamp included. */
  comment?: string
  /** Vercel's own flags, e.g. `readable-secret`. */
  securityIssues: string[]
  /** Set when a Marketplace integration or storage resource manages the record. */
  managedBy?: Integration
  /** Epoch ms. */
  createdAt?: number
  /** Epoch ms of the last edit of the record: its value or any of its metadata. */
  updatedAt?: number
  /** Who edited it last, as Vercel names them (a display name where Vercel gives one, else a user ID). */
  editedBy?: string
}

/** What serves one environment of a project now. */
export interface Serving {
  deploymentId: string
  /** Epoch ms the deployment was created: built with the values the records held then. */
  createdAt: number
  url?: string
}

export interface AuditProject {
  id: string
  name: string
  /** The deployment serving production; undefined when the project has none, or the read could not tell. */
  production?: Serving
  /** The project's custom environments the records cover: slug, and what serves it where that could be read. */
  customEnvironments: { id: string; slug: string; serving?: Serving }[]
}

/** Everything the audit read: the projects in scope, and every record of the keys in scope. */
export interface Inventory {
  /** Team as given (slug or ID); undefined for the token's own account. */
  team?: string
  projects: AuditProject[]
  records: AuditRecord[]
  /** Reads that came back incomplete, said in the summary (e.g. "custom environment qa of web: no host resolves"). */
  gaps: string[]
  /** How many requests the audit sent, for the summary's footer and the bench. */
  requests?: number
}

export interface AuditSettings {
  team?: string
  /** Project names or IDs the audit is narrowed to (with the shared variables linked to them); empty or absent: the whole team. */
  projects?: string[]
  /** Key patterns (`*` wildcards) narrowing the audit; empty means every key. */
  keys: string[]
  /** Key patterns of public configuration: never `readable` or `old`. */
  ignore: string[]
  maxAgeDays?: number
  requireSensitive: boolean
}

export type FindingKind = 'readable' | 'old' | 'not-deployed' | 'shadowed' | 'integration'

export interface Finding {
  kind: FindingKind
  key: string
  scope: 'project' | 'shared'
  /** Names of the projects affected: the owner, or the linked projects of a shared variable. */
  projects: string[]
  /** Standard targets and custom-environment slugs the record covers. */
  targets: string[]
  /** The record's ID. */
  record: string
  /** Whole days since the value was rotated (stamp) or the record last edited; undefined when Vercel gave no time. */
  ageDays?: number
  ageFrom: 'rotation' | 'edit'
  /** What to do, in one sentence. */
  action: string
  /** What was found, in one short clause (e.g. "production serves web-abc.vercel.app, built 3 days before the last edit"). */
  detail: string
  /** The finding breaks the policy (`max-age-days`, `require-sensitive`): the step fails. */
  violation: boolean
}

/** One rotation the findings call for, ready for `strategy.matrix.include` (input names as keys). */
export interface MatrixEntry {
  team?: string
  scope: 'project' | 'team'
  name: string
  /** Project scope: the projects holding the key, comma-separated, as the `projects` input takes them. */
  projects?: string
}

export interface AuditResult {
  inventory: Inventory
  findings: Finding[]
  matrix: MatrixEntry[]
  /** One line per policy violation, naming the record, its projects and the rule broken; empty when the policy holds. */
  violations: string[]
  /** The records judged (after `name` and `ignore`), and how many of them carry a rotation stamp. */
  counts: { projects: number; records: number; stamped: number; ignored: number }
}
