/**
 * What serves production and a custom environment now, read fresh from Vercel: the promotion check before a
 * promote, the re-read before the verdict, and the plan all ask it, never a flag that describes the past.
 */
import type { Deployment, VercelPort } from '../vercel/port.js'
import { mapLimit } from './parallel.js'

/** Below this many at once, reading each project costs less than paging through the team's listing. */
const LISTING_FROM = 10
const PER_PAGE = 100
const READS_IN_FLIGHT = 8

/**
 * The deployment serving production now in each project: from the team's listing when many are asked at once and
 * a page pays for itself, else (and for what the listing left out) one read each.
 */
export async function productionNow(projectIds: string[], port: VercelPort): Promise<Map<string, Deployment | undefined>> {
  const out = new Map<string, Deployment | undefined>()
  const wanted = new Set(projectIds)
  if (wanted.size >= LISTING_FROM) {
    let pages = 0
    for await (const page of port.projectPages()) {
      for (const p of page) if (wanted.has(p.id) && p.project) out.set(p.id, p.project.servingProduction)
      // Each page must find about a tenth of its projects, or the rest are read one by one.
      if (out.size >= wanted.size || ++pages * PER_PAGE >= wanted.size * LISTING_FROM) break
    }
  }
  const rest = [...wanted].filter((id) => !out.has(id))
  await mapLimit(rest, READS_IN_FLIGHT, async (id) => void out.set(id, (await port.getProject(id)).servingProduction))
  return out
}

/** What one host resolves to; `unknown` when Vercel names no deployment for it (not "nothing serves"). */
export type HostAnswer = { host: string; deployment?: Deployment }

/** Every host of an environment (its domains and its current deployment's aliases), each asked on its own. */
export async function hostsNow(hosts: string[], port: Pick<VercelPort, 'deploymentAt'>): Promise<HostAnswer[]> {
  return mapLimit(hosts, READS_IN_FLIGHT, async (host) => ({ host, deployment: await port.deploymentAt(host) }))
}
