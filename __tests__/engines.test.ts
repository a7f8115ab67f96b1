/**
 * package.json's `engines` must be a range every installed dependency supports, so a Dependabot bump that
 * raises a dependency's minimum Node fails here instead of surfacing as an EBADENGINE warning nobody reads.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { subset, validRange } from 'semver'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')

interface LockEntry {
  engines?: { node?: string } | string[]
}
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }
const ours = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node

/** Every locked package whose declared Node range does not contain all of `range`, with its range. */
function unsupportedBy(range: string): string[] {
  const out: string[] = []
  for (const [path, entry] of Object.entries(lock.packages)) {
    const theirs = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined
    if (!path || !theirs || !validRange(theirs)) continue
    if (!subset(range, theirs)) out.push(`${path.replace(/^.*node_modules\//, '')} wants ${theirs}`)
  }
  return out.sort()
}

describe('engines', () => {
  it('is a valid range that includes the Node 24 GitHub runs the action with', () => {
    expect(validRange(ours)).not.toBeNull()
    expect(subset('^24.0.0', ours)).toBe(true)
  })

  it('is supported by every locked dependency', () => {
    expect(unsupportedBy(ours)).toEqual([])
  })

  // Without this the check above could pass because it never finds anything.
  it('would name the dependencies that do not support Node 20', () => {
    expect(unsupportedBy('>=20.19.0')).toContain('content-type wants >=22')
  })
})
