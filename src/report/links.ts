/**
 * Where a deployment's link goes. Vercel's deployment page (build logs, Deployment Checks, runtime logs) lives at
 * https://vercel.com/{team-slug}/{project-name}/{deployment ID without dpl_}, the `inspectorUrl` Vercel reports for
 * each deployment. The port does not carry that field, so the link is built from the same parts; a team given as an
 * ID (team_...) or not at all leaves the slug unknown, and the link then opens the deployment itself.
 */

export interface DeploymentLink {
  href: string
  /** `inspect`: the build logs page; `deployment`: the deployed site, when the team slug is unknown. */
  kind: 'inspect' | 'deployment'
}

export const isTeamId = (team: string): boolean => /^team_/.test(team)

export function deploymentLink(team: string | undefined, project: string, d: { id: string; url: string }): DeploymentLink | undefined {
  if (team && !isTeamId(team)) {
    const path = [team, project, d.id.replace(/^dpl_/, '')].map(encodeURIComponent).join('/')
    return { href: `https://vercel.com/${path}`, kind: 'inspect' }
  }
  if (!d.url) return undefined
  return { href: `https://${d.url.replace(/^https?:\/\//, '')}`, kind: 'deployment' }
}
