/** The action's outputs, all strings, from one RunResult. The only place that decides their format. */
import type { RunResult } from '../rotation/types.js'

export type Outputs = Record<'safe-to-revoke' | 'rotated-at' | 'projects' | 'failed-projects', string>

export function outputsOf(result: RunResult | undefined): Outputs {
  const projects = result?.projects ?? []
  return {
    'safe-to-revoke': result?.safeToRevoke ? 'true' : 'false',
    'rotated-at': result?.rotatedAt ?? '',
    projects: JSON.stringify(
      projects.map((p) => ({
        name: p.name,
        id: p.id,
        records: p.records,
        deployment: p.deployment ?? null,
        status: p.status,
        ...(p.previews ? { previews: p.previews } : {}),
      })),
    ),
    'failed-projects': projects
      .filter((p) => p.status === 'failed' || p.status === 'stale')
      .map((p) => p.name)
      .join(','),
  }
}
