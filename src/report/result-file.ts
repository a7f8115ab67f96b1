/**
 * The result file: this run's result as JSON, for `mode: gate` to read from every leg of a matrix. Pure: it is built
 * from settings, result and run context, and holds no value, token, bypass secret or fingerprint of any of them.
 */
import type { RunContext, RunResult, Settings } from '../rotation/types.js'

/** Names the format, so that gate refuses any other JSON file it finds; the version changes with the shape. */
export const RESULT_FORMAT = 'rotate-vercel-secret/result'
export const RESULT_VERSION = 1

export interface ResultProject {
  name: string
  id: string
  status: string
  environments?: { slug: string; status: string }[]
}

export interface ResultFile {
  format: typeof RESULT_FORMAT
  version: typeof RESULT_VERSION
  /** The team as the leg was given it (what gate's `expect` names); null when none was. */
  team: string | null
  scope: string | null
  keys: string[]
  store: string | null
  mode: string | null
  safeToRevoke: boolean
  revokeAfter: string | null
  rotatedAt: string | null
  projects: ResultProject[]
  /** Why the step failed as a whole, when it did (already redacted by the shell). */
  error: string | null
  run: { repository: string | null; runId: string | null; runAttempt: number; workflow: string | null }
  /** mode audit: every finding, uncut (the `findings` output keeps to GitHub's 1 MB), the matrix and the violations. */
  audit?: { findings: unknown[]; rotationMatrix: unknown[]; violations: string[] }
}

/** What identifies a leg when its inputs were refused: the raw team, mode and name, never a secret input. */
export interface RawLeg {
  team?: string
  mode?: string
  name?: string
}

export function resultFileOf(
  settings: Settings | undefined,
  result: RunResult | undefined,
  run: RunContext,
  error: string | undefined,
  raw: RawLeg = {},
): ResultFile {
  const keys =
    settings?.keys ??
    (raw.name ?? '')
      .split(/[,\n]/)
      .map((k) => k.trim())
      .filter(Boolean)
  return {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    team: settings ? (settings.team ?? null) : raw.team?.trim() || null,
    scope: settings?.scope ?? null,
    keys,
    store: settings?.store ?? null,
    mode: settings?.mode ?? (raw.mode?.trim() || 'rotate'),
    safeToRevoke: result?.safeToRevoke === true,
    revokeAfter: result?.safeToRevoke ? (result.revokeAfter ?? null) : null,
    rotatedAt: result?.rotatedAt ?? null,
    projects: (result?.projects ?? []).map((p) => ({
      name: p.name,
      id: p.id,
      status: p.status,
      ...(p.environments ? { environments: p.environments.map((e) => ({ slug: e.slug, status: e.status })) } : {}),
    })),
    error: error ?? null,
    run: { repository: run.repository ?? null, runId: run.runId ?? null, runAttempt: run.runAttempt, workflow: run.workflow ?? null },
  }
}

/** One file per leg and attempt: the team, the mode, the run ID and attempt, and a few random letters for two steps of one job. */
export function resultFileName(file: ResultFile, unique: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'none'
  return `rotate-vercel-secret-${safe(file.team ?? 'no-team')}-${safe(file.mode ?? 'rotate')}-${safe(file.run.runId ?? 'local')}-${file.run.runAttempt}-${safe(unique)}.json`
}
