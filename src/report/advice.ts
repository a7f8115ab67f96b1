/**
 * What to do when the old credential may not be revoked yet, one sentence for each kind of project holding the
 * verdict back. The summary's verdict and the step's error both say these, so they can never contradict each other
 * or the rows: a live value failing its health check asks for a new value, a stale deployment for a redeploy or
 * a wait, anything else for the fix its row names. Pure.
 */
import { CANARY_OF_ONE, HELD_BACK } from '../rotation/canary.js'
import type { ProjectResult, ProjectStatus, Settings } from '../rotation/types.js'
import { refusedByProtection } from './rows.js'

export interface Advice {
  /** Some project serves the new value and fails its health check: the old credential is still what works. */
  keepOld: boolean
  sentences: string[]
}

const OTHER: Partial<Record<Settings['mode'], string>> = {
  verify: 'Fix what each project listed names, then verify again.',
}

export function adviceFor(projects: ProjectResult[], mode: Settings['mode']): Advice {
  const holding = new Set<ProjectStatus>(projects.filter((p) => !p.revokeReady).map((p) => p.status))
  const sentences: string[] = []
  const keepOld = holding.delete('unhealthy')
  const unhealthy = projects.filter((p) => !p.revokeReady && p.status === 'unhealthy')
  // A check Deployment Protection refused says nothing of the value: those rows name a way through instead.
  const refused = unhealthy.filter((p) => refusedByProtection(p.note))
  const failing = unhealthy.filter((p) => !refused.includes(p))
  if (failing.length > 0) {
    const contained = failing.every((p) => p.exposure?.kind === 'contained')
    sentences.push(
      contained
        ? 'The new value fails its health check in the unhealthy projects, where it was contained (never promoted: production still serves the old value): keep the old credential valid, fix the value (update the secret), then rotate again.'
        : 'The new value is live but fails its health check in the unhealthy projects: keep the old credential valid, fix the value (update the secret), then rotate again.',
    )
  }
  if (refused.length > 0) {
    sentences.push(
      `Deployment Protection refused the health checks of ${refused.length === 1 ? 'one unhealthy project' : `${refused.length} unhealthy projects`} (HTTP 401/403), so the new value is not proven there: keep the old credential valid, give the checks a way through as each row names, then ${mode === 'verify' ? 'verify again' : 're-run the job'}.`,
    )
  }
  if (holding.delete('stale')) {
    sentences.push(
      'The stale projects are not yet proven off the old value: each says why and what to do (redeploy, wait for a window to close, or promote), then verify again.',
    )
  }
  const held = projects.filter((p) => !p.revokeReady && p.status === 'skipped' && p.note?.startsWith(HELD_BACK))
  if (held.length > 0) {
    // Held back behind a rebuild Vercel did not stage (a canary of one), or behind the canaries asked for.
    sentences.push(
      held.some((p) => p.note?.includes(CANARY_OF_ONE))
        ? 'The skipped projects were held back behind a rebuild Vercel did not stage: a re-run sends the first rebuild alone again, then the rest once it passes.'
        : 'The skipped projects were held back by the canary: once it passes, a re-run proves the canaries first again, then rebuilds them.',
    )
    if (projects.every((p) => p.revokeReady || p.status !== 'skipped' || held.includes(p))) holding.delete('skipped')
  }
  if (holding.size > 0) {
    sentences.push(
      OTHER[mode] ??
        `${sentences.length ? 'For the other projects listed, fix what each one names' : 'Fix what is listed'}, then re-run the job: it resumes, redeploying only the projects that are not yet current.`,
    )
  }
  return { keepOld, sentences }
}
