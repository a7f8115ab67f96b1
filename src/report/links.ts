/**
 * Where a deployment's link goes: Vercel's deployment page (build logs, Deployment Checks, runtime logs), the
 * `inspectorUrl` Vercel reports with every deployment, whether the team was given as a slug or as an ID. Should
 * Vercel not send one, the page is built from the team's slug (https://vercel.com/{team}/{project}/{id without
 * dpl_}); a team given as an ID (team_...) or not at all leaves the slug unknown, and the link opens the deployment.
 */

export interface DeploymentLink {
  href: string
  /** `inspect`: the build logs page; `deployment`: the deployed site, when neither Vercel nor the team name it. */
  kind: 'inspect' | 'deployment'
}

export const isTeamId = (team: string): boolean => /^team_/.test(team)

/** Only Vercel's own pages are linked as build logs: anything else Vercel might send is not trusted as such. */
const isVercelPage = (href: string): boolean => /^https:\/\/vercel\.com\//.test(href)

export function deploymentLink(
  team: string | undefined,
  project: string,
  d: { id: string; url: string; inspectorUrl?: string },
): DeploymentLink | undefined {
  if (d.inspectorUrl && isVercelPage(d.inspectorUrl)) return { href: d.inspectorUrl, kind: 'inspect' }
  if (team && !isTeamId(team)) {
    const path = [team, project, d.id.replace(/^dpl_/, '')].map(encodeURIComponent).join('/')
    return { href: `https://vercel.com/${path}`, kind: 'inspect' }
  }
  if (!d.url) return undefined
  return { href: `https://${d.url.replace(/^https?:\/\//, '')}`, kind: 'deployment' }
}
