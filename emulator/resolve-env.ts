import type { EnvTarget, Project, SharedEnv } from './model.js'

export interface EnvScope {
  target: EnvTarget
  gitBranch?: string
  customEnvironmentId?: string
}

/**
 * The values a new deployment would be built with. Project records win over linked shared variables with the
 * same key (Vercel's documented shadowing rule), and a branch-scoped preview record wins over a general one.
 */
export function resolveEnv(project: Project, shared: readonly SharedEnv[], scope: EnvScope): Record<string, string> {
  const out: Record<string, string> = {}
  for (const s of shared) {
    if (!s.projectId.includes(project.id)) continue
    const custom = scope.customEnvironmentId
    const applies = custom ? s.applyToAllCustomEnvironments || s.customEnvironmentIds.includes(custom) : s.target.includes(scope.target)
    if (applies) out[s.key] = s.value
  }

  const applies = project.env.filter((e) =>
    scope.customEnvironmentId
      ? e.customEnvironmentIds.includes(scope.customEnvironmentId)
      : e.target.includes(scope.target) && (e.gitBranch === undefined || e.gitBranch === scope.gitBranch),
  )
  // General records first so a branch-specific one overwrites them.
  applies.sort((a, b) => Number(a.gitBranch !== undefined) - Number(b.gitBranch !== undefined))
  for (const e of applies) out[e.key] = e.value
  return out
}
