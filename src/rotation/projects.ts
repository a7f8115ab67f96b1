/**
 * Reads the projects a plan needs. Many linked projects are read from the team's listing, 100 a page, instead of
 * one request each: Vercel counts project reads against a per-minute bucket (about 120), so a team-wide rotation
 * would otherwise spend minutes reading. Whatever the listing does not carry in full is read one by one.
 */
import type { ListedProject, Project, VercelPort } from '../vercel/port.js'
import { mapLimit } from './parallel.js'

const READS_IN_FLIGHT = 16
/** Up to this many projects, reading each costs fewer requests than a listing of a large team might. */
export const LIST_ABOVE = 10
/**
 * Pages read for every project wanted: a listing stops after linked / 10 pages, so it never costs more than a
 * tenth of the reads it replaces, however many unrelated projects the team has.
 */
const PAGES_PER_PROJECT = 1 / 10

export interface ProjectReads {
  /** In the order of the refs asked for. */
  projects: Project[]
  /** How many came from the listing, and how many pages it took. */
  listed: number
  pages: number
}

/** Reads every project in `refs` (IDs or names); `listed` is a listing already read. */
export async function readProjects(refs: readonly string[], port: VercelPort, listed?: Iterable<ListedProject>): Promise<ProjectReads> {
  const found = new Map<string, Project>()
  const wanted = new Set(refs)
  const take = (page: Iterable<ListedProject>) => {
    for (const p of page) {
      if (!p.project) continue
      if (wanted.has(p.id)) found.set(p.id, p.project)
      if (wanted.has(p.name)) found.set(p.name, p.project)
    }
  }
  let pages = 0
  if (listed) take(listed)
  else if (refs.length > LIST_ABOVE) {
    const most = Math.max(1, Math.ceil(refs.length * PAGES_PER_PROJECT))
    for await (const page of port.projectPages()) {
      pages++
      take(page)
      // A lean listing (no project carried in full) will not get better on later pages.
      const lean = page.length > 0 && page.every((p) => !p.project)
      if (found.size === wanted.size || pages >= most || lean) break
    }
  }
  const rest = refs.filter((ref) => !found.has(ref))
  const read = await mapLimit(rest, READS_IN_FLIGHT, (ref) => port.getProject(ref))
  rest.forEach((ref, i) => found.set(ref, read[i]!))
  return { projects: refs.map((ref) => found.get(ref)!), listed: refs.length - rest.length, pages }
}
