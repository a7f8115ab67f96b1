/**
 * Resolves everything the rotation will touch before anything is written: the records of the key, the affected
 * projects, the deployment serving each one, shadowing, and which projects are already current. Sends only reads.
 */
import type { CustomEnvironment, VercelPort } from '../vercel/port.js'
import type { Logger, Plan, ProjectPlan, RunContext, Settings } from './types.js'
import type { Credential } from './credential.js'
import { earlierWrite, writtenRecords, type EarlierWrite } from './resume.js'
import { planPreviews, previewBranches } from './previews.js'
import { resolveEnvironments } from './environments.js'
import { BUILDING_STATES } from './wait/read.js'
import { decide, ignoredBuildWarnings } from './planning/decide.js'
import { planProjectScope } from './planning/project-scope.js'
import { planTeamScope } from './planning/team-scope.js'
import { protectionProblems, type ProbeCredentials } from './planning/protection.js'

export { isCurrent } from './planning/decide.js'

/** Refusals found while planning; nothing has been written when this is thrown. */
export class PlanError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1 ? `${problems[0]} Nothing was written.` : `Refused before writing anything:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    )
    this.name = 'PlanError'
  }
}

/** Builds the plan, or throws a PlanError listing every refusal. */
export async function buildPlan(
  s: Settings,
  port: VercelPort,
  run: RunContext,
  log: Logger,
  credential: Credential,
  held: ProbeCredentials = { bypass: false, oidc: false },
): Promise<Plan> {
  const problems: string[] = []
  const warnings: string[] = []
  const customOf = new Map<string, CustomEnvironment[]>()
  // A plan previews a rotate, so it writes in the same cases; with a store, the provider has written already.
  const writes = (s.mode === 'rotate' || s.mode === 'plan') && !s.store
  const { plans, shared } =
    s.scope === 'team'
      ? await planTeamScope(s, port, problems, customOf, writes, log)
      : { plans: await planProjectScope(s, port, problems, customOf, writes, log), shared: [] }
  if (problems.length > 0) throw new PlanError([...new Set(problems)])
  const keys = s.keys.length > 0 ? s.keys : [...new Set(plans.flatMap((p) => p.records.map((r) => r.key)))]

  const stamps = [...shared, ...plans.flatMap((p) => p.writes)].map((r) => r.updatedAt ?? 0)
  const creating = plans.some((p) => p.creates.length > 0)
  const valueUpdatedAt = stamps.length > 0 && !creating ? Math.max(...stamps) : undefined
  const valueWrittenFrom = valueUpdatedAt !== undefined ? Math.min(...stamps) : undefined

  // A re-run resumes without writing only when Vercel holds exactly the values given; otherwise it writes them.
  let earlier: EarlierWrite | undefined
  if (writes && valueUpdatedAt !== undefined && run.runAttempt > 1 && run.runId) {
    earlier = await earlierWrite(
      port,
      plans.map((p) => p.id),
      valueUpdatedAt,
      run,
      writtenRecords({ projects: plans, shared }, s.scope),
      credential,
    )
    if (earlier) log.info(earlier.outcome.line)
  }
  const alreadyWritten = earlier?.outcome.kept ?? false
  const writing = writes && !alreadyWritten

  if (plans.some((p) => p.covers.customIds.length > 0)) await resolveEnvironments(plans, (p) => customOf.get(p.id) ?? [], port)
  for (const p of plans) {
    if (!writing && valueUpdatedAt !== undefined) {
      // A redeploy an earlier attempt created and Vercel still builds (or built staged, never serving) is adopted,
      // never queued a second time. One that was READY and served once is not: PROMOTED tells of the past, and
      // what serves now (read above) decides; after a rollback, it is what the rollback chose that is rebuilt.
      p.inFlight = (earlier?.redeploys ?? []).filter(
        (d) => d.projectId === p.id && (BUILDING_STATES.includes(d.state) || (d.state === 'READY' && d.substate === 'STAGED')),
      )
    }
    const decided = decide(p.covers.production, p.serving, s.redeploy.production, 'production', !writing ? valueUpdatedAt : undefined)
    p.action = decided.action
    p.note = decided.note
    for (const e of p.environments) {
      Object.assign(
        e,
        e.unknown ? { action: 'skip', note: e.unknown } : decide(true, e.serving, s.redeploy.custom, 'custom', !writing ? valueUpdatedAt : undefined),
      )
    }
  }
  const unprotected = protectionProblems(plans, s, held)
  if (unprotected.length > 0) throw new PlanError(unprotected)
  const branchesOf = (p: ProjectPlan) => previewBranches(s.scope === 'team' ? shared : [...p.writes, ...p.creates])
  if (!s.redeploy.preview && s.mode !== 'verify') {
    // Not rebuilt, previews keep the old value: they are counted, so that the verdict can say how many fail at
    // revocation. The count never holds the verdict back, so a failed read only costs the count, said as such.
    await planPreviews(plans, branchesOf, port, Date.now(), false).catch((err: Error) =>
      warnings.push(`The preview deployments left on the old value could not be counted: ${err.message}`),
    )
  }
  if (s.redeploy.preview && s.mode !== 'verify') {
    await planPreviews(plans, branchesOf, port, Date.now())
    for (const p of plans) {
      // On a resume, previews rebuilt since the write already carry the value.
      if (!writing && valueUpdatedAt !== undefined) p.previews = p.previews.filter((d) => d.createdAt <= valueUpdatedAt)
      if (branchesOf(p)?.size === 0)
        warnings.push(`${p.name}: redeploy includes preview, but no rotated record applies to preview; no preview is rebuilt.`)
    }
  }
  if (s.mode !== 'verify') warnings.push(...ignoredBuildWarnings(plans))
  return {
    projects: plans,
    keys,
    writes: writing,
    shared,
    valueUpdatedAt,
    valueWrittenFrom,
    alreadyWritten,
    ...(earlier ? { earlierWrite: earlier.outcome } : {}),
    warnings,
  }
}
