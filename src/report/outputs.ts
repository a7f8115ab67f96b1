/** The action's outputs, all strings, from one RunResult. The only place that decides their format. */
import type { DeploymentRef, RecordRef, RunResult } from '../rotation/types.js'

export type Outputs = Record<'safe-to-revoke' | 'revoke-after' | 'rotated-at' | 'projects' | 'failed-projects', string>

const HOLDING = new Set(['failed', 'unhealthy', 'stale'])

/** The contract's deployment object: `id`, `url`, `state`. */
const deploymentOf = (d: DeploymentRef | undefined) => (d ? { id: d.id, url: d.url, state: d.state } : null)

/**
 * The contract's record object: `id`, `key`, `targets`, `type`, and `stamped: false` where the comment had no room
 * for the rotation stamp. The comment itself stays in the summary: it is the user's text, of any length.
 */
const recordOf = (r: RecordRef) => ({ id: r.id, key: r.key, targets: r.targets, type: r.type, ...(r.unstamped ? { stamped: false } : {}) })

export function outputsOf(result: RunResult | undefined): Outputs {
  const projects = result?.projects ?? []
  return {
    'safe-to-revoke': result?.safeToRevoke ? 'true' : 'false',
    'revoke-after': result?.safeToRevoke ? (result.revokeAfter ?? '') : '',
    'rotated-at': result?.rotatedAt ?? '',
    projects: JSON.stringify(
      projects.map((p) => ({
        name: p.name,
        id: p.id,
        records: p.records.map(recordOf),
        deployment: deploymentOf(p.deployment),
        status: p.status,
        ...(p.environments
          ? { environments: p.environments.map((e) => ({ slug: e.slug, deployment: deploymentOf(e.deployment), status: e.status })) }
          : {}),
        ...(p.previews ? { previews: p.previews } : {}),
      })),
    ),
    'failed-projects': projects
      .filter((p) => HOLDING.has(p.status))
      .map((p) => p.name)
      .join(','),
  }
}
