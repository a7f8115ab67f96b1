/**
 * The job's GitHub OIDC token for probes through Vercel's Trusted Sources: minted once by the shell's function
 * (`core.getIDToken`, GitHub's default audience, which Vercel's GitHub issuer expects), masked the moment it
 * exists, and minted again a minute before it expires, so a long wait never probes with a stale token.
 */

/** How long before its `exp` a token is replaced. */
const REFRESH_BEFORE_MS = 60_000
/** When a token carries no readable `exp`: GitHub's tokens live longer than this. */
const ASSUMED_LIFETIME_MS = 4 * 60_000

/** A JWT's `exp` in epoch ms, read without verifying it: only to know when to mint the next one. */
export function expiresAt(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown }
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined
  } catch {
    return undefined
  }
}

/** How long to wait before the one retry of a failed mint. */
const RETRY_DELAY_MS = 1_000

export interface MintRetry {
  /** Before the second try (default 1 s); tests keep it short. */
  retryDelayMs?: number
  sleep?: (ms: number) => Promise<void>
}

/**
 * A source of fresh tokens. A failed mint is tried once more after a short delay: the runner's token service can
 * fail for a moment. When `mint` fails twice (no `id-token: write`, or the service is down), there is no token,
 * once and for all, and the failure's reason is kept for the summary.
 */
export function oidcTokens(mint: () => Promise<string>, mask: (secret: string) => void, now: () => number = Date.now, retry: MintRetry = {}) {
  let current: { token: string; refreshAt: number } | undefined
  let failed: string | undefined
  let minting: Promise<string | undefined> | undefined
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const mintTwice = async (): Promise<string> => {
    try {
      return await mint()
    } catch {
      await sleep(retry.retryDelayMs ?? RETRY_DELAY_MS)
      return mint()
    }
  }
  const fresh = async (): Promise<string | undefined> => {
    try {
      const token = await mintTwice()
      mask(token)
      const issued = now()
      current = { token, refreshAt: (expiresAt(token) ?? issued + ASSUMED_LIFETIME_MS) - REFRESH_BEFORE_MS }
      return token
    } catch (err) {
      failed = (err as Error).message
      return undefined
    } finally {
      minting = undefined
    }
  }
  return Object.assign(
    async (): Promise<string | undefined> => {
      if (failed !== undefined) return undefined
      if (current && now() < current.refreshAt) return current.token
      // Probes run eight at a time: they share one mint.
      return (minting ??= fresh())
    },
    { failure: () => failed },
  )
}
