/**
 * Skew Protection where no rebuild names what it replaced (verify, and environments already current): the newest
 * deployment built before the write that may still serve clients pinned to it. Vercel keeps a deployment for
 * `skewProtectionMaxAge` from its creation, so only deployments created within that age of now can be one.
 */
import type { Deployment, VercelPort } from '../vercel/port.js'
import { skewWindowEnd } from './health.js'
import type { Logger, ProjectPlan } from './types.js'

/** Whether a deployment served an environment the rotated records cover in `p`. */
function covered(p: ProjectPlan, d: Deployment): boolean {
  if (d.customEnvironmentId) return p.covers.customIds.includes(d.customEnvironmentId)
  return d.target === 'production' && p.covers.production
}

/**
 * Sets `skewOldCreatedAt` on each project with Skew Protection on, from one listing read to its end. Every
 * deployment built with the old value was created by `writtenAt`, so a project whose window would have closed even
 * for one created then needs no read; and when the read fails, `writtenAt` is what is assumed: never too early.
 */
export async function findSkewedOld(projects: ProjectPlan[], writtenAt: number, port: VercelPort, now: number, log: Logger): Promise<void> {
  const skewed = projects.filter((p) => skewWindowEnd(writtenAt, p) > now)
  if (skewed.length === 0) return
  const since = Math.min(...skewed.map((p) => now - p.skewMaxAgeMs!))
  let listed: Deployment[]
  try {
    listed = await port.listDeployments({ projectIds: skewed.map((p) => p.id), since })
  } catch (err) {
    log.warning(`Reading which deployments Skew Protection still serves failed; counting each window from the write: ${(err as Error).message}`)
    for (const p of skewed) p.skewOldCreatedAt = writtenAt
    return
  }
  for (const p of skewed) {
    // Only a deployment that became READY can have had clients pinned to it.
    const old = listed.filter((d) => d.projectId === p.id && d.state === 'READY' && d.createdAt <= writtenAt && covered(p, d))
    const open = old.filter((d) => skewWindowEnd(d.createdAt, p) > now)
    if (open.length > 0) p.skewOldCreatedAt = Math.max(...open.map((d) => d.createdAt))
  }
}
