/**
 * One reader per input: each takes the raw string and returns the value, or a Problem that names the input, what
 * is wrong and the fix. zod/mini keeps start-up small: the classic API builds dozens of methods onto every schema,
 * which costs more than the rest of a failing run.
 */
import * as z from 'zod/mini'
import { KEY_PATTERN_SYNTAX } from '../audit/key-patterns.js'
import { parseGenerate } from '../rotation/credential.js'
import { isLoopback, templateHost } from '../rotation/health.js'
import { STANDARD_TARGETS, type InputName } from './names.js'

// Vercel's own key rule: letters, digits and underscores, not starting with a digit.
export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/
const TARGET_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

/** `a, b\nc` -> ['a', 'b', 'c'], without empties or repeats. */
export function splitList(raw: string): string[] {
  const items = raw
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  return [...new Set(items)]
}

export const quote = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s)

/** A problem with one input, in words that name it, what is wrong, and the fix. */
export class Problem {
  constructor(readonly message: string) {}
}

/** A field read by a plain function: it returns the value, or a Problem. */
export function field<T>(read: (s: string) => T | Problem) {
  return z.pipe(
    z.string(),
    z.transform((s: string, ctx) => {
      const v = read(s)
      if (!(v instanceof Problem)) return v
      ctx.issues.push({ code: 'custom', message: v.message, input: s })
      return z.NEVER
    }),
  )
}

export const bool = (input: InputName) =>
  field((s) => {
    const v = s.trim().toLowerCase()
    return v === 'true' ? true : v === 'false' ? false : new Problem(`${input}: must be true or false; got ${quote(s)}.`)
  })

export const integer = (input: InputName, min: number, max: number, unit: string, whole = false) =>
  field((s) => {
    const n = Number(s.trim())
    if (!/^\s*\d+(\.\d+)?\s*$/.test(s) || !Number.isFinite(n) || n < min || n > max) {
      return new Problem(`${input}: must be a number of ${unit} from ${min} to ${max}; got ${quote(s)}.`)
    }
    if (whole && !Number.isInteger(n)) return new Problem(`${input}: must be a whole number from ${min} to ${max}; got ${quote(s)}.`)
    return n
  })

export function oneOf<const T extends readonly [string, ...string[]]>(input: InputName, values: T) {
  return field((s): T[number] | Problem =>
    values.includes(s.trim()) ? (s.trim() as T[number]) : new Problem(`${input}: must be one of ${values.join(', ')}; got ${quote(s)}.`),
  )
}

export const apiUrl = field((s) => {
  let url: URL
  try {
    url = new URL(s.trim())
  } catch {
    return new Problem(`api-url: ${quote(s)} is not a URL. Use https://api.vercel.com or your proxy's https:// address.`)
  }
  const plainLoopback = url.protocol === 'http:' && isLoopback(url.hostname)
  if (url.protocol !== 'https:' && !plainLoopback) {
    return new Problem(`api-url: ${quote(s)} would send the token unencrypted. Use an https:// URL (plain http is accepted only on loopback).`)
  }
  if (url.username || url.password) return new Problem('api-url: must not carry a user name or password.')
  return url.toString().replace(/\/+$/, '')
})

export const redeploy = field((s) => {
  const parts = splitList(s.toLowerCase())
  const known = new Set(['production', 'preview', 'custom', 'none'])
  const ok = parts.length > 0 && parts.every((p) => known.has(p)) && !(parts.includes('none') && parts.length > 1)
  if (!ok) return new Problem(`redeploy: must be none, or a list of production, preview and custom (e.g. production,custom); got ${quote(s)}.`)
  return { production: parts.includes('production'), preview: parts.includes('preview'), custom: parts.includes('custom') }
})

/** One check per line: a path (`/api/health`) or a URL template with `{url}`; https, or http on loopback. */
export const healthChecks = field((s): string[] | Problem => {
  const checks = [
    ...new Set(
      s
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ]
  for (const c of checks) {
    if (c.startsWith('/')) continue
    const fix = 'Use a path such as /api/health, or a URL template such as https://{url}/api/health.'
    if (!c.includes('{url}'))
      return new Problem(`health-check: ${quote(c)} is neither a path starting with / nor a URL template containing {url}. ${fix}`)
    const host = templateHost(c)
    if (host === 'invalid') return new Problem(`health-check: ${quote(c)} is not a URL once {url} is filled in. ${fix}`)
    if (host === 'other') {
      return new Problem(
        `health-check: ${quote(c)} would send the request, and with it the Deployment Protection credential (bypass secret or OIDC token), to a host other than the deployment's. The host must be exactly {url}, with no user name and nothing before or after it; {url} may also appear in the path. ${fix}`,
      )
    }
    const url = new URL(c.split('{url}').join('deployment.vercel.app'))
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && host === 'loopback')) {
      return new Problem(`health-check: ${quote(c)} must use https:// (plain http is accepted only on loopback). ${fix}`)
    }
  }
  return checks
})

export const targets = field((s): 'all' | string[] | Problem => {
  const parts = splitList(s)
  if (parts.length === 1 && parts[0]!.toLowerCase() === 'all') return 'all'
  const bad = parts.filter((p) => p.toLowerCase() === 'all' || !TARGET_PATTERN.test(p))
  if (parts.length === 0 || bad.length > 0) {
    return new Problem(`targets: must be all, or a list of production, preview, development and custom-environment slugs or IDs; got ${quote(s)}.`)
  }
  return parts.map((p) => ((STANDARD_TARGETS as readonly string[]).includes(p.toLowerCase()) ? p.toLowerCase() : p))
})

export const rotatedAt = field((s) => {
  const text = s.trim()
  const date = new Date(text)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(date.getTime())) {
    return new Problem(`rotated-at: must be an ISO-8601 time such as 2026-01-31T06:00:00.000Z (the rotate job's rotated-at output); got ${quote(s)}.`)
  }
  // Without a zone, JavaScript reads the time in the runner's time zone: hours off, and verify would judge by it.
  if (!/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text)) {
    return new Problem(
      `rotated-at: ${quote(s)} has no time zone, so it would be read in the runner's local time. Add Z (UTC) or an offset such as +02:00, e.g. 2026-01-31T06:00:00.000Z; the rotate job's rotated-at output has one.`,
    )
  }
  return date
})

export const keys = field((s): string[] | Problem => {
  const list = splitList(s)
  const bad = list.find((k) => !KEY_PATTERN.test(k) || k.length > 256)
  if (bad !== undefined || list.length === 0) {
    return new Problem(
      `name: ${quote(bad ?? s)} is not a valid variable key. Use letters, digits and underscores, not starting with a digit (e.g. DATABASE_URL), and separate several keys with commas or new lines.`,
    )
  }
  return list
})

/** mode audit's `name` and `ignore`: keys in which `*` stands for any run of characters. */
export const keyPatterns = (input: InputName) =>
  field((s): string[] | Problem => {
    const list = splitList(s)
    const bad = list.find((k) => !KEY_PATTERN_SYNTAX.test(k) || k.length > 256)
    if (bad !== undefined || list.length === 0) {
      return new Problem(
        `${input}: ${quote(bad ?? s)} is not a key pattern. Use letters, digits and underscores, not starting with a digit, and * for any run of characters (e.g. STRIPE_* or *_SECRET); separate patterns with commas or new lines.`,
      )
    }
    return list
  })

export const generate = field((s) => {
  const g = parseGenerate(s)
  return typeof g === 'string' ? new Problem(g) : g
})

/** `team-a, team-b`, one per line, or a JSON array (`${{ toJSON(matrix.team) }}`). */
export const expectList = field((s): string[] | Problem => {
  const text = s.trim()
  const fix = 'Name each leg by the team it was given, separated by commas or new lines, or as a JSON array such as ["team-a", "team-b"].'
  if (text.startsWith('[')) {
    let list: unknown
    try {
      list = JSON.parse(text)
    } catch {
      return new Problem(`expect: ${quote(s)} starts like a JSON array but is not one. ${fix}`)
    }
    if (!Array.isArray(list) || !list.every((t) => typeof t === 'string')) return new Problem(`expect: must be a JSON array of strings. ${fix}`)
    const teams = [...new Set(list.map((t) => t.trim()).filter(Boolean))]
    return teams.length ? teams : new Problem(`expect: is empty. ${fix}`)
  }
  const teams = splitList(text)
  return teams.length ? teams : new Problem(`expect: is empty. ${fix}`)
})
