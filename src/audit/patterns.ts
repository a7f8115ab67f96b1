/** Key patterns, as `name` and `ignore` take them. Pure. */

/** Prefixes of public configuration in the common frameworks: values built into client bundles, not secrets. */
export const DEFAULT_IGNORE = ['NEXT_PUBLIC_*', 'VITE_*', 'PUBLIC_*', 'NUXT_PUBLIC_*', 'EXPO_PUBLIC_*', 'REACT_APP_*', 'GATSBY_*']

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Whether a key matches one of the patterns: `*` is any run of characters, the rest literal, case-sensitive, whole key. */
export function keyMatcher(patterns: string[]): (key: string) => boolean {
  const expressions = patterns.map((p) => new RegExp(`^${p.split('*').map(literal).join('.*')}$`))
  return (key) => expressions.some((e) => e.test(key))
}
