/**
 * Health checks that Deployment Protection would refuse, found before the write: a check that can only answer 401
 * proves nothing, and finding it after the value was written leaves the rotation half done. Vercel's default
 * protection covers the deployment URLs the checks fetch.
 */
import type { ProjectPlan, Settings } from '../types.js'

/** What the run holds to pass Deployment Protection; never a secret itself. */
export interface ProbeCredentials {
  /** The protection-bypass input is set. */
  bypass: boolean
  /** The job can mint a GitHub OIDC token for the probes (probe-auth allows it, `id-token: write`). */
  oidc: boolean
}

const WAYS_THROUGH =
  'Give the run one way through: `permissions: id-token: write` in the job, with a Trusted Sources rule in the project that trusts this repository; the `protection-bypass` input (from a secret); or the project\'s own "Protection Bypass for Automation" (Settings > Deployment Protection), which the action reads.'

/** Which kinds of deployment URL the run's health checks fetch in this project. */
function checked(p: ProjectPlan, s: Settings): { production: boolean; preview: boolean } {
  return {
    production: s.redeploy.production && p.covers.production,
    preview: (s.redeploy.custom && p.covers.customIds.length > 0) || (s.redeploy.preview && p.covers.preview),
  }
}

/** One refusal per project whose health checks no credential of the run can get through; empty when none. */
export function protectionProblems(plans: ProjectPlan[], s: Settings, held: ProbeCredentials): string[] {
  if (s.healthChecks.length === 0 || !(s.mode === 'rotate' || s.mode === 'plan' || s.mode === 'redeploy')) return []
  const mayBypass = s.probeAuth === 'auto' || s.probeAuth === 'bypass'
  const mayOidc = s.probeAuth === 'auto' || s.probeAuth === 'oidc'
  const problems: string[] = []
  for (const p of plans) {
    if (!p.protection) continue
    const kinds = checked(p, s)
    const hit = [
      kinds.production && p.protection.production && 'production',
      kinds.preview && p.protection.preview && 'preview and custom environment',
    ].filter((k): k is string => !!k)
    if (hit.length === 0) continue
    if (mayBypass && (held.bypass || !!p.bypass)) continue
    // A rule that cannot be read is no ground to refuse: the token may pass it.
    if (mayOidc && held.oidc && p.trustedSources !== false) continue
    const why =
      s.probeAuth === 'none'
        ? 'probe-auth: none sends no credential.'
        : mayOidc && held.oidc
          ? 'The job can mint an OIDC token, but the project has no Trusted Sources rule; no bypass secret was given or is readable.'
          : s.probeAuth === 'oidc'
            ? 'probe-auth: oidc, and the job cannot mint an OIDC token.'
            : 'No bypass secret was given or is readable, and the job cannot mint an OIDC token.'
    problems.push(
      `${p.name}: Deployment Protection covers its ${hit.join(' and ')} deployment URLs, which the health checks fetch, and no credential of this run can pass it: every check would answer 401 after the value was written. ${why} ${WAYS_THROUGH}`,
    )
  }
  return problems
}
