/** Small phrases the findings share. Pure. */

/** `5 min`, `3 h`, `1 day`, `12 days`: how long, for people. */
export function span(ms: number): string {
  const min = Math.max(1, Math.round(ms / 60_000))
  if (min < 60) return `${min} min`
  const h = Math.round(min / 60)
  if (h < 48) return `${h} h`
  const d = Math.floor(h / 24)
  return `${d} days`
}

/** `web`, `web and api`, `web, api, docs and 37 more`: a few names and the count of the rest. */
export function someOf(names: string[], max = 3): string {
  if (names.length <= max) return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`
}
