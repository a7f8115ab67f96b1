/**
 * Staged production creates. `vercel deploy --prod --skip-domain` sends `autoAssignCustomDomains: false` in the
 * create's body, so the READY deployment does not take the production domains until it is promoted. The SDK's
 * create schema (@vercel/sdk 1.28.35) lacks the field and would strip it, so the port marks a staged create with a
 * header of its own, and this request hook takes the mark off and puts the field into the body Vercel receives.
 */

/** Set by the port on a create that must be staged; never sent to Vercel. */
export const STAGED_MARK = 'x-rotate-vercel-secret-staged'

export function stagedCreates(apiUrl: string) {
  const path = `${new URL(apiUrl).pathname.replace(/\/+$/, '')}/v13/deployments`
  return async (req: Request): Promise<Request> => {
    if (!req.headers.has(STAGED_MARK)) return req
    const headers = new Headers(req.headers)
    headers.delete(STAGED_MARK)
    if (req.method !== 'POST' || new URL(req.url).pathname !== path) return new Request(req, { headers })
    const body = (await req.clone().json()) as Record<string, unknown>
    return new Request(req.url, {
      method: req.method,
      headers,
      body: JSON.stringify({ ...body, autoAssignCustomDomains: false }),
      signal: req.signal,
    })
  }
}
