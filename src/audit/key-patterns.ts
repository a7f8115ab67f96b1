/**
 * Key patterns, as `name` (in mode audit) and `ignore` take them: a variable key in which `*` stands for any run of
 * characters, e.g. `NEXT_PUBLIC_*` or `*_SECRET`. Matched against the whole key, case and all, as Vercel keys are.
 */

/** Public configuration by the frameworks' own prefixes: inlined into client bundles, so never a secret. */
export const DEFAULT_IGNORE = ['NEXT_PUBLIC_*', 'VITE_*', 'PUBLIC_*', 'NUXT_PUBLIC_*', 'EXPO_PUBLIC_*', 'REACT_APP_*', 'GATSBY_*']

/** Vercel's key rule (letters, digits, underscores, not starting with a digit), with `*` allowed anywhere. */
export const KEY_PATTERN_SYNTAX = /^[A-Za-z_*][A-Za-z0-9_*]*$/

/** One test for a list of patterns; an empty list matches nothing. */
export function keyMatcher(patterns: readonly string[]): (key: string) => boolean {
  if (patterns.length === 0) return () => false
  const source = patterns.map((p) => p.split('*').map(escape).join('.*')).join('|')
  const re = new RegExp(`^(?:${source})$`)
  return (key) => re.test(key)
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
