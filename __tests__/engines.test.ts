/**
 * package.json's `engines` says where the project is developed and tested: every dependency it names supports the
 * range, so a Dependabot bump that raises one's minimum Node fails here instead of surfacing as an EBADENGINE
 * warning nobody reads. A few packages deeper in the tree declare Node 22 although nothing here needs it on Node
 * 20; each is listed with why, and npm still prints their own EBADENGINE warning on Node 20.
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
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string }
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}
const ours = pkg.engines.node
const direct = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)])

/**
 * Transitive packages whose declared range leaves out Node 20, and why that does not stop the suite on it.
 * content-type reaches dist/index.js through @actions/github and @octokit/request: the bundle runs on Node 24 on
 * GitHub, and the e2e tests run it on Node 20 too. The Azure packages are the artifact and cache backends of
 * @github/local-action, which `npm run local-action` never loads.
 */
const ABOVE_20 = ['@azure/core-rest-pipeline', '@azure/storage-blob', '@azure/storage-common', '@typespec/ts-http-runtime', 'content-type']

/** Every locked package whose declared Node range does not contain all of `range`, with its range. */
function unsupportedBy(range: string, only: (name: string) => boolean = () => true): string[] {
  const out: string[] = []
  for (const [path, entry] of Object.entries(lock.packages)) {
    const theirs = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined
    const name = path.replace(/^.*node_modules\//, '')
    if (!path || !theirs || !validRange(theirs) || !only(name)) continue
    if (!subset(range, theirs)) out.push(`${name} wants ${theirs}`)
  }
  return out.sort()
}

describe('engines', () => {
  it('is a valid range that includes the Node 24 GitHub runs the action with, and the Node 20.19 the suite passes on', () => {
    expect(validRange(ours)).not.toBeNull()
    expect(subset('^24.0.0', ours)).toBe(true)
    expect(subset('^20.19.0', ours)).toBe(true)
  })

  it('is supported by every dependency package.json names', () => {
    expect(unsupportedBy(ours, (name) => direct.has(name))).toEqual([])
  })

  it('is supported by every other locked package, except the listed ones that declare Node 22', () => {
    expect(unsupportedBy(ours, (name) => !ABOVE_20.includes(name))).toEqual([])
    // The list holds no package that has since dropped out or lowered its minimum.
    expect(unsupportedBy(ours, (name) => ABOVE_20.includes(name)).map((p) => p.replace(/ wants .*/, ''))).toEqual(ABOVE_20)
    // On Node 22.13 and 24 nothing is left out.
    expect(unsupportedBy('^22.13.0 || ^24.0.0')).toEqual([])
  })

  // Without this the checks above could pass because they never find anything.
  it('would name the dependencies that do not support Node 18', () => {
    expect(unsupportedBy('>=18.0.0', (name) => direct.has(name))).toContain('eslint wants ^20.19.0 || ^22.13.0 || >=24')
    expect(unsupportedBy('>=20.19.0')).toContain('content-type wants >=22')
  })
})
