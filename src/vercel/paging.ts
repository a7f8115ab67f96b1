/**
 * Listings that Vercel pages by an `until` cursor. The shared-variable listing (`GET /v1/env`) answers a page at a
 * time, newest first, with `pagination.next`, the timestamp to send as `until` for the next page; @vercel/sdk
 * 1.28.35's request for it has no `until`, and its zod input schema would strip one. So the port names the extra
 * query parameters in a header of its own, and this request hook moves them into the URL Vercel receives.
 */
import { VercelApiError } from './errors.js'

/** Set by the port on a request that needs query parameters the SDK's schema lacks; never sent to Vercel. */
export const QUERY_MARK = 'x-rotate-vercel-secret-query'

/** The per-call SDK options with extra query parameters for the hook to add. */
export function withQuery<O extends object>(o: O, params: Record<string, string | number>): O & { headers: Record<string, string> } {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))
  return { ...o, headers: { [QUERY_MARK]: query.toString() } }
}

export function extraQuery() {
  return (req: Request): Request => {
    const extra = req.headers.get(QUERY_MARK)
    if (extra === null) return req
    const url = new URL(req.url)
    // Only reads take extra parameters; a body-carrying request is passed on without the mark alone.
    if (req.method === 'GET') for (const [k, v] of new URLSearchParams(extra)) url.searchParams.set(k, v)
    const out = new Request(url, req)
    out.headers.delete(QUERY_MARK)
    return out
  }
}

export interface Page {
  items: unknown[]
  /** `pagination.next`: the `until` of the next page; null, 0 or absent on the last. */
  next?: number | null
}

/**
 * Every item of a listing paged by `until`, to its end. A cursor that does not move back in time would repeat a
 * page for ever or skip records: that is an error, never a short list (a record missed is a record left with the
 * old value).
 */
export async function allPages(operation: string, what: string, read: (until?: number) => Promise<Page>): Promise<unknown[]> {
  const items: unknown[] = []
  let until: number | undefined
  for (let page = 1; ; page++) {
    // A page may be empty and still not the last (a filter applied to a page after it was cut): follow `next`.
    const { items: got, next } = await read(until)
    items.push(...got)
    if (next === null || next === undefined || next === 0) return items
    if (typeof next !== 'number' || !Number.isFinite(next) || (until !== undefined && next >= until)) {
      throw new VercelApiError(
        `${operation} for ${what}: page ${page} of Vercel's listing gave a cursor that does not move on (${String(next)}), so the rest cannot be read. Nothing was written; re-run, and if it persists, report it.`,
        'validation',
        operation,
      )
    }
    until = next
  }
}
