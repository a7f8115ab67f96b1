/**
 * The rotation matrix: one entry per key and scope that the findings ask to rotate (readable or old), grouped the
 * way the action takes them, ready for `strategy.matrix.include`. Integration records are left to their provider. Pure.
 */
import { cmp } from './reach.js'
import type { Finding, MatrixEntry } from './types.js'

export function matrixOf(findings: Finding[], team: string | undefined): MatrixEntry[] {
  const groups = new Map<string, { key: string; scope: Finding['scope']; projects: Set<string> }>()
  for (const f of findings) {
    if (f.kind !== 'readable' && f.kind !== 'old') continue
    const id = `${f.scope}\u0000${f.key}`
    const g = groups.get(id) ?? { key: f.key, scope: f.scope, projects: new Set<string>() }
    for (const p of f.projects) g.projects.add(p)
    groups.set(id, g)
  }
  return [...groups.values()]
    .sort((a, b) => cmp(a.key, b.key) || cmp(a.scope, b.scope))
    .map((g) => ({
      ...(team !== undefined ? { team } : {}),
      ...(g.scope === 'shared'
        ? { scope: 'team' as const, name: g.key }
        : { scope: 'project' as const, name: g.key, projects: [...g.projects].sort(cmp).join(',') }),
    }))
}
