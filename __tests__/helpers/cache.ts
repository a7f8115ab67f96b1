/**
 * Where the tests keep what they fetch on first use (Node 24, the Vercel CLI: about 445 MB). Outside the project,
 * so that `npm ci`, which deletes node_modules and everything in it, does not throw it away; shared by every clone.
 * `$XDG_CACHE_HOME/rotate-vercel-secret`, else `~/.cache/rotate-vercel-secret`.
 */
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'

export function cacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_CACHE_HOME
  // The XDG spec ignores a relative path, which would otherwise depend on the working directory.
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.cache'), 'rotate-vercel-secret')
}
