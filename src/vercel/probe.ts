/**
 * Health checks: one GET of a deployment's own URL, through Deployment Protection with a bypass secret or the
 * job's OIDC token (Trusted Sources). Not an API call: no retry policy, and it never throws.
 */
import type { SdkClient } from './client.js'
import type { ProbeAuth, ProbeResult } from './port.js'

export async function probe(c: SdkClient, url: string, auth?: ProbeAuth): Promise<ProbeResult> {
  try {
    const signal = c.signal ? AbortSignal.any([c.signal, AbortSignal.timeout(c.timeoutMs)]) : AbortSignal.timeout(c.timeoutMs)
    const res = await fetch(url, {
      // Trusted Sources take the job's OIDC token in this header; a bypass secret goes in its own.
      headers: !auth ? {} : 'bypass' in auth ? { 'x-vercel-protection-bypass': auth.bypass } : { 'x-vercel-trusted-oidc-idp-token': auth.oidcToken },
      redirect: 'manual',
      signal,
    })
    await res.body?.cancel()
    return { status: res.status }
  } catch (err) {
    // Only the error's kind: a message could quote the URL with a secret in its query.
    return { error: (err as Error).name === 'TimeoutError' ? 'timed out' : 'no connection' }
  }
}
