/** Runs the bundled action the way the runner does: INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const DIST = resolve(import.meta.dirname, '../dist/index.js')

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** Peak resident set of the action process in MB, when run with `peakRss`. */
  peakRssMb?: number
}

/** Parses the `name<<delimiter` blocks of a GITHUB_OUTPUT file. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!)
    if (!m) continue
    const [, name, delimiter] = m
    const value: string[] = []
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!)
    out[name!] = value.join('\n')
  }
  return out
}

export interface RunOptions {
  inputs: Record<string, string>
  env?: Record<string, string>
  /** A node binary other than the one running the tests. */
  node?: string
  /** A bundle entry other than dist/index.js. */
  entry?: string
  /** Sends this signal after the given ms, or as soon as `when` holds (checked every 20 ms). */
  signalAfter?: { signal: NodeJS.Signals; ms?: number; when?: () => boolean }
  timeoutMs?: number
  /** Flags for node itself, before the entry (e.g. `--cpu-prof`). */
  nodeArgs?: string[]
  /** Measure the action's peak RSS with /usr/bin/time (Linux); the child's own figure, not the test runner's. */
  peakRss?: boolean
}

export async function runAction(o: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'rotate-run-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  // The runner creates both files before the step starts.
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'acme/platform',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'Rotate DATABASE_URL',
    GITHUB_SERVER_URL: 'https://github.com',
    ...o.env,
  }
  for (const [name, value] of Object.entries(o.inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const rssFile = join(dir, 'rss')
  const argv = [o.node ?? process.execPath, ...(o.nodeArgs ?? []), o.entry ?? DIST]
  const [command, ...args] = o.peakRss ? ['/usr/bin/time', '-f', '%M', '-o', rssFile, ...argv] : argv
  const child = spawn(command!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const signal = o.signalAfter
  let watching: NodeJS.Timeout | undefined
  if (signal?.ms !== undefined) setTimeout(() => child.kill(signal.signal), signal.ms)
  if (signal?.when) {
    watching = setInterval(() => {
      if (!signal.when!()) return
      clearInterval(watching)
      child.kill(signal.signal)
    }, 20)
  }
  const killer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 120_000)
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)))
  clearTimeout(killer)
  clearInterval(watching)
  const result = {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    // GNU time writes "Command exited with non-zero status N" before the figure when the action fails.
    ...(o.peakRss ? { peakRssMb: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 } : {}),
  }
  rmSync(dir, { recursive: true, force: true })
  return result
}

/**
 * Every place a secret could leak to: what the action printed and what it wrote. `::add-mask::` lines are
 * the exception: they are how a secret is handed to the runner, which consumes them and never shows them.
 */
export function everythingWritten(run: ActionRun): string {
  const shown = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
  return [shown, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n')
}

/** The secrets were handed to the runner to mask before anything else was printed. */
export function expectMaskedFirst(run: ActionRun, secrets: string[]): void {
  const lines = run.stdout.split('\n').filter((l) => l !== '')
  const masks = lines.findIndex((l) => !l.startsWith('::add-mask::'))
  const masked = lines.slice(0, masks === -1 ? lines.length : masks).map((l) => l.slice('::add-mask::'.length))
  for (const s of secrets) if (!masked.includes(s)) throw new Error(`A secret was not masked first: ${s.slice(0, 4)}…`)
}

/** Fails if any canary appears anywhere the action printed or wrote (also URL- and JSON-escaped). */
export function expectNoCanaries(run: ActionRun, canaries: string[]): void {
  const all = everythingWritten(run)
  for (const c of canaries) {
    for (const form of new Set([c, encodeURIComponent(c), JSON.stringify(c).slice(1, -1)])) {
      if (all.includes(form)) throw new Error(`A secret canary leaked into the action's output: ${form.slice(0, 4)}…`)
    }
  }
}
