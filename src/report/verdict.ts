/** The verdict's next step, in words: its first sentence, in bold, is the answer to "may I revoke?". */
import type { RunResult, Settings } from '../rotation/types.js'
import { adviceFor } from './advice.js'
import { utc } from './format.js'

export type StepSettings = Pick<Settings, 'mode' | 'wait' | 'redeploy'>

/** What to do next, in words; its first sentence, in bold, is the answer. `endedAt` tells "now" from "later". */
export function nextStep(result: RunResult | undefined, s: StepSettings | undefined, endedAt?: number): string {
  const previews = result && s ? previewsLeft(result, s) : undefined
  const step = answer(result, s, endedAt)
  return previews ? `${step} ${previews}` : step
}

/**
 * The previews that still hold the old value and fail once it is revoked, as the runbook warns: all of them when
 * previews were not rebuilt, with how to rebuild them; else those the rebuild left (older ones). They never hold
 * `safe-to-revoke` back by themselves.
 */
function previewsLeft(result: RunResult, s: StepSettings): string | undefined {
  if (s.mode === 'verify' || s.mode === 'plan') return undefined
  const counted = result.projects.filter((p) => p.previews)
  const left = counted.reduce((n, p) => n + p.previews!.notRebuilt + p.previews!.older, 0)
  if (left === 0) return undefined
  const where = `${counted.filter((p) => p.previews!.notRebuilt + p.previews!.older > 0).length} project(s)`
  const atLeast = counted.some((p) => p.previews!.olderAtLeast) ? 'At least ' : ''
  return s.redeploy.preview
    ? `${atLeast}${left} older preview deployment(s) in ${where} were not rebuilt (superseded on their branch, or built more than 30 days ago): they still hold the old value and will fail once it is revoked.`
    : `${atLeast}${left} preview deployment(s) in ${where} still hold the old value and will fail once it is revoked: rebuild them with \`redeploy: preview\` (mode: redeploy rebuilds without writing again), or accept that they fail.`
}

function answer(result: RunResult | undefined, s: StepSettings | undefined, endedAt?: number): string {
  if (!result || !s) return '**Do not revoke.** Nothing was written: fix what is listed below, then run again.'
  if (result.safeToRevoke) {
    const what =
      s.mode === 'verify'
        ? 'every affected project still serves a deployment built after the rotation'
        : 'every affected project now serves a deployment built after the new value was written'
    const after = result.revokeAfter ? Date.parse(result.revokeAfter) : undefined
    if (after !== undefined && endedAt !== undefined && after > endedAt) {
      return (
        `**Revoke the old credential after ${utc(result.revokeAfter!)}**, not before: ${what}, but Skew Protection keeps older ` +
        'deployments (with the old value) reachable to clients pinned to them until then. From that time on the old credential can be revoked.'
      )
    }
    return endedAt !== undefined || !result.revokeAfter
      ? `**Revoke the old credential now.** It can be revoked because ${what}.`
      : `**The old credential can be revoked** from ${utc(result.revokeAfter)} on: ${what}.`
  }
  if (s.mode === 'plan') return '**This was a plan: nothing was written.** Run with mode: rotate to apply it.'
  if (result.cancelled) {
    return '**The run was cancelled. Do not revoke the old credential.** Re-run the job: it resumes, redeploying only the projects that are not yet current.'
  }
  if (result.error && !result.written && result.projects.every((p) => p.status !== 'redeployed')) {
    return '**Nothing was redeployed, and the old credential is still needed.** Fix what is listed below, then run again.'
  }
  if (!s.redeploy.production && !s.redeploy.preview && !s.redeploy.custom) {
    return '**Do not revoke.** The value was written but nothing was redeployed (redeploy: none): deployments still use the old value. Redeploy, then run mode: verify.'
  }
  if (!s.wait) {
    return '**Do not revoke yet.** Redeploys were created but not waited for (wait: false): run mode: verify once they are serving.'
  }
  const { keepOld, sentences } = adviceFor(result.projects, s.mode)
  const head = keepOld ? '**Do not revoke: keep the old credential valid.**' : '**Do not revoke the old credential yet.**'
  return [head, ...(sentences.length ? sentences : ['Fix what is listed below, then re-run the job.'])].join(' ')
}
