/** What each covered environment gets: rebuilt, already current, or left, and the warnings a plan owes first. */
import type { ProjectPlan } from '../types.js'

/**
 * Projects whose Ignored Build Step, or whose skipping of unaffected projects, may cancel the redeploys: said
 * before anything is rebuilt. An `ignoreCommand` in vercel.json cannot be seen before the build.
 */
export function ignoredBuildWarnings(plans: ProjectPlan[]): string[] {
  const redeploys = (p: ProjectPlan) => p.action === 'redeploy' || p.environments.some((e) => e.action === 'redeploy') || p.previews.length > 0
  return plans
    .filter(redeploys)
    .flatMap((p) => [
      ...(p.ignoreCommand
        ? [
            `${p.name}: has an Ignored Build Step (\`${p.ignoreCommand}\`). A redeploy builds the same commit, and a command that skips builds without code changes cancels it (CANCELED). Let redeploys through: the command must exit 1 (build) when only the environment changed, e.g. whenever VERCEL_ENV is production.`,
          ]
        : []),
      ...(p.skipsUnaffected
        ? [
            `${p.name}: skips deployments when there are no changes to the root directory and its dependencies (enableAffectedProjectsDeployments). A redeploy builds the same commit, so Vercel may skip it (CANCELED). Let redeploys through: turn it off for the rotation (Project Settings > Build and Deployment > Root Directory).`,
          ]
        : []),
    ])
}

/** What to do with one covered environment of a project: rebuild what serves it, or why not. */
export function decide(
  covered: boolean,
  serving: ProjectPlan['serving'],
  redeploy: boolean,
  kind: 'production' | 'custom',
  currentSince: number | undefined,
): { action: ProjectPlan['action']; note?: string } {
  if (!covered) return { action: 'skip' }
  if (!serving)
    return { action: 'skip', note: `No deployment serves ${kind === 'production' ? 'production' : 'this environment'}: nothing holds the old value.` }
  if (currentSince !== undefined && isCurrent({ serving }, currentSince)) return { action: 'already-current' }
  if (!redeploy) return { action: 'skip', note: `Not redeployed (redeploy does not include ${kind}): it still serves the old value.` }
  return { action: 'redeploy' }
}

/** The serving deployment was built after the value was written, and serves fully. */
export function isCurrent(p: Pick<ProjectPlan, 'serving'>, valueUpdatedAt: number): boolean {
  const d = p.serving
  return !!d && d.createdAt > valueUpdatedAt && d.state === 'READY' && d.substate !== 'ROLLING' && d.substate !== 'STAGED'
}
