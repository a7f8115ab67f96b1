/**
 * Finds, or installs from the npm registry, a pinned official Vercel CLI, and runs it against the emulator.
 * `vercel@latest` does not install from the registry here; 58.10.0 does, and is the version the emulator's
 * CLI routes were read from.
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { cacheDir } from './cache.js'
import { promisify } from 'node:util'

export const VERCEL_CLI_VERSION = '58.10.0'

const CACHE = cacheDir()
const PREFIX = `${CACHE}/vercel-cli-${VERCEL_CLI_VERSION}`
const ENTRY = `${PREFIX}/node_modules/vercel/dist/vc.js`

/** Path of the CLI's entry script; installs it on first use (about half a minute). */
export async function vercelCli(): Promise<string> {
  if (process.env.VERCEL_CLI_ENTRY) return process.env.VERCEL_CLI_ENTRY
  if (existsSync(ENTRY)) return ENTRY
  // Installed beside the cache and renamed into place, so an interrupted install never looks complete.
  await mkdir(CACHE, { recursive: true })
  const staging = await mkdtemp(`${PREFIX}.partial-`)
  try {
    await promisify(execFile)('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', staging, `vercel@${VERCEL_CLI_VERSION}`], {
      maxBuffer: 16 * 1024 * 1024,
    })
    await rename(staging, PREFIX).catch((err: NodeJS.ErrnoException) => {
      // Another test file finished the same install first; theirs is as good as ours.
      if (!existsSync(ENTRY)) throw err
    })
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  return ENTRY
}

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

export interface CliTarget {
  entry: string
  apiUrl: string
  token: string
  /** Folder for the CLI's global config (`-Q`) and working directory, so the user's own login is never read. */
  home: string
  orgId: string
  projectId: string
}

/** Runs one CLI command non-interactively (stdin closed), as a script in CI would. */
export function runVercel(target: CliTarget, args: readonly string[]): Promise<CliRun> {
  const argv = [target.entry, ...args, '--api', target.apiUrl, '--token', target.token, '-Q', `${target.home}/config`, '--no-color']
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: target.home,
    VERCEL_ORG_ID: target.orgId,
    VERCEL_PROJECT_ID: target.projectId,
    VERCEL_TELEMETRY_DISABLED: '1',
    // The update check would ask the registry for dist-tags on every run.
    NO_UPDATE_NOTIFIER: '1',
  }
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, argv, { cwd: target.home, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', fail)
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}
