/**
 * The runner's workflow-command protocol (inputs, masks, outputs, summary, annotations), as @actions/core
 * speaks it. Our own because @actions/core 3 loads undici for OIDC at import, which costs more than the
 * whole start-up budget of this action; this needs only node's fs.
 */
import { appendFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { EOL } from 'node:os'

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`)
}

export function getInput(name: string, trim = true): string {
  const v = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? ''
  return trim ? v.trim() : v
}

export function setSecret(secret: string): void {
  command('add-mask', secret)
}

export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) {
    process.stdout.write(`${EOL}::set-output name=${name}::${escapeData(value)}${EOL}`)
    return
  }
  const delimiter = `ghadelimiter_${randomUUID()}`
  // The runner would read a value containing the delimiter as the end of the block.
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`Output ${name} contains its own delimiter.`)
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8')
}

export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) throw new Error('GITHUB_STEP_SUMMARY is not set; this runner does not support job summaries.')
  appendFileSync(file, markdown, 'utf8')
}

export const info = (message: string): void => void process.stdout.write(message + EOL)
export const debug = (message: string): void => command('debug', message)
export const warning = (message: string): void => command('warning', message)
export const error = (message: string): void => command('error', message)

export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  process.stdout.write(`::group::${escapeData(name)}${EOL}`)
  try {
    return await fn()
  } finally {
    process.stdout.write(`::endgroup::${EOL}`)
  }
}
