/**
 * The thin shell: the only module that talks to the runner (through @actions/core), masks, sets outputs, writes the
 * summary and fails the step. Everything it calls receives plain data and returns plain data.
 */
import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findResultFiles, readResultFiles } from './gate/files.js'
import { gateFailure, gateVerdict, type GateResult } from './gate/verdict.js'
import { InputError, INPUT_NAMES, parseInputs, secretsToMask, type RawInputs, type ShellSettings } from './inputs.js'
import { gateOutputsOf, renderGateSummary } from './report/gate-summary.js'
import { auditFailure, auditFileOf, auditOutputsOf } from './report/audit-outputs.js'
import { renderAuditSummary } from './report/audit-summary.js'
import { runAudit } from './audit/run.js'
import type { AuditResult } from './audit/types.js'
import { resultFileName, resultFileOf } from './report/result-file.js'
import { adviceFor } from './report/advice.js'
import { outputsOf } from './report/outputs.js'
import { renderSummary } from './report/summary.js'
import { sleep } from './vercel/retry.js'
import { runRotation } from './rotation/run.js'
import { credentialOf } from './rotation/credential.js'
import { oidcTokens } from './rotation/oidc.js'
import type { RunContext, RunResult } from './rotation/types.js'

function readInputs(): RawInputs {
  const raw: RawInputs = {}
  // The value keeps its white space, so that a stray space or line break can be refused rather than trimmed away.
  // Explicit both ways: @github/local-action's stand-in for getInput trims only when asked to.
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name, { trimWhitespace: name !== 'value' })
  return raw
}

/** Replaces every secret in a text; secrets found later (a bypass read from Vercel) are added as they appear. */
export function redactor(secrets: string[]): ((text: string) => string) & { add(secret: string): void } {
  const list = secrets.filter((s) => s.length >= 3)
  const redact = (text: string) => [...list].sort((a, b) => b.length - a.length).reduce((t, s) => t.split(s).join('***'), text)
  return Object.assign(redact, { add: (secret: string) => void (secret.length >= 3 && list.push(secret)) })
}

async function runContext(env: NodeJS.ProcessEnv): Promise<RunContext> {
  // Loaded late: @actions/github pulls in Octokit, which a run that fails on its inputs need not load.
  const { context } = await import('@actions/github')
  const repository = env.GITHUB_REPOSITORY || undefined
  const runId = context.runId ? String(context.runId) : undefined
  return {
    repository,
    runId,
    runAttempt: context.runAttempt || 1,
    runUrl: repository && runId ? `${context.serverUrl}/${repository}/actions/runs/${runId}` : undefined,
    actor: context.actor || undefined,
    workflow: context.workflow || undefined,
    invocation: `${runId ?? 'local'}.${context.runAttempt || 1}.${randomUUID().slice(0, 8)}`,
  }
}

/** The run as the runner's variables name it, for the summary's footer when the run stopped before runContext. */
function footerContext(env: NodeJS.ProcessEnv): RunContext {
  const repository = env.GITHUB_REPOSITORY || undefined
  const runId = env.GITHUB_RUN_ID || undefined
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  return {
    repository,
    runId,
    runAttempt: Number(env.GITHUB_RUN_ATTEMPT) || 1,
    runUrl: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined,
    actor: env.GITHUB_ACTOR || undefined,
    workflow: env.GITHUB_WORKFLOW || undefined,
    invocation: '',
  }
}

/** Health checks may pass Deployment Protection with the job's OIDC token: probe-auth allows it and the job can mint one. */
const probesMayUseOidc = (c: ShellSettings, env: NodeJS.ProcessEnv): boolean =>
  c.healthChecks.length > 0 &&
  (c.probeAuth === 'auto' || c.probeAuth === 'oidc') &&
  !!env.ACTIONS_ID_TOKEN_REQUEST_URL &&
  !!env.ACTIONS_ID_TOKEN_REQUEST_TOKEN

/** The keys rotated, or the store whose variables are redeployed. */
const labelOf = (c: Pick<ShellSettings, 'name' | 'store'>): string => c.name || `Store ${c.store}`

/** Why the step fails, naming each project holding the verdict back and the next step; undefined when it succeeds. */
export function failureOf(
  config: Pick<ShellSettings, 'name' | 'store' | 'mode' | 'wait'> | undefined,
  result: RunResult | undefined,
  error: string | undefined,
): string | undefined {
  if (!config || !result) return error ?? 'The rotation did not run.'
  // What became of the failing value in the records is said with the failure, never only in the summary.
  const restore = result.restore ? `\n${result.restore.line}` : ''
  if (error) return `${error}${restore}`
  if (result.safeToRevoke || config.mode === 'plan') return undefined
  const holding = result.projects.filter((p) => !p.revokeReady)
  // wait: false verifies nothing by choice: it succeeds once every redeploy is created.
  if (!config.wait && config.mode !== 'verify' && holding.every((p) => p.status === 'redeployed' || p.status === 'already-current')) return undefined
  if (result.cancelled) return `The run was cancelled before every redeploy was serving; safe-to-revoke is false. Re-run to resume.${restore}`
  const list = holding.map((p) => `${p.name} (${p.status}${p.note ? `: ${p.note}` : ''})`).join('; ')
  const next = adviceFor(result.projects, config.mode).sentences.join(' ') || 'Fix what is listed, then re-run the job.'
  return `${labelOf(config)} is not safe to revoke${list ? `: ${list}` : ''}. ${next}${restore}`
}

/** mode: gate: reads the legs' result files, and nothing else: no token, no SDK, no request. */
function runGate(config: ShellSettings, env: NodeJS.ProcessEnv): GateResult {
  const files = findResultFiles(config.results!)
  if (files.length === 0) {
    throw new InputError([
      `results: ${JSON.stringify(config.results)} matches no file. Point it at the directory actions/download-artifact filled (e.g. results), or at a glob such as results/**/*.json.`,
    ])
  }
  return gateVerdict(readResultFiles(files), config.expect ?? [], env.GITHUB_RUN_ID || undefined)
}

/** Writes this run's result file under $RUNNER_TEMP and returns its path; empty when it could not be written. */
function writeResultFile(content: string, name: string, env: NodeJS.ProcessEnv, redact: (s: string) => string): string {
  try {
    const dir = env.RUNNER_TEMP || tmpdir()
    mkdirSync(dir, { recursive: true })
    const path = join(dir, name)
    writeFileSync(path, redact(content) + '\n')
    return path
  } catch (err) {
    core.warning(`Could not write the result file: ${redact((err as Error).message)}`)
    return ''
  }
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const startedAt = Date.now()
  const raw = readInputs()
  const secrets = secretsToMask(raw, env)
  for (const s of secrets) core.setSecret(s)
  const redact = redactor(secrets)

  const controller = new AbortController()
  const cancel = () => {
    core.warning('Cancellation received: stopping, and writing what was done so far.')
    controller.abort()
  }
  process.once('SIGINT', cancel)
  process.once('SIGTERM', cancel)

  let config: ShellSettings | undefined
  let result: RunResult | undefined
  let runCtx: RunContext | undefined
  let error: string | undefined
  let gate: GateResult | undefined
  let audit: AuditResult | undefined
  try {
    const inputs = parseInputs(raw, env)
    config = inputs.settings
    const { secrets } = inputs
    const mask = (secret: string) => {
      core.setSecret(secret)
      redact.add(secret)
    }
    // Generated values are masked at birth, before anything below could print them. An audit reads no value at all,
    // not even the step's environment variables named like its keys.
    const credential = config.audit ? undefined : credentialOf({ ...config, value: secrets.value, previousValue: secrets.previousValue }, env, mask)
    // Settings hold no secret at all (they travel apart, in secrets): logged as they are.
    core.debug(`settings: ${JSON.stringify(config)}`)
    if (config.mode === 'gate') {
      gate = runGate(config, env)
      return
    }
    runCtx = await runContext(env)
    // The SDK loads only once the inputs are valid: a run that fails on them stays fast and small.
    const { SdkVercel } = await import('./vercel/sdk.js')
    const port = new SdkVercel({
      token: secrets.token,
      apiUrl: config.apiUrl,
      team: config.team,
      deadline: Date.now() + config.timeoutMs,
      signal: controller.signal,
      onSecret: mask,
      onRetry: (err, ms) => core.info(`${err.operation}: HTTP ${err.status ?? err.kind}; retrying in ${Math.round(ms / 100) / 10} s`),
    })
    const log = { info: core.info, warning: core.warning, debug: core.debug }
    if (config.audit) {
      // Reads only: no value is read, from Vercel or from the step's environment.
      audit = await runAudit(config.audit, { port, log, clock: { now: Date.now }, signal: controller.signal, group: core.group })
      return
    }
    result = await runRotation(config, credential!, {
      port,
      run: runCtx,
      log,
      clock: { now: Date.now, sleep },
      signal: controller.signal,
      deadline: Date.now() + config.timeoutMs,
      group: core.group,
      ...(secrets.protectionBypass ? { protectionBypass: secrets.protectionBypass } : {}),
      warnings: inputs.warnings,
      ...(probesMayUseOidc(config, env) ? { oidcToken: oidcTokens(() => core.getIDToken(), mask) } : {}),
    })
    error = result.error
  } catch (err) {
    error = err instanceof Error ? err.message : String(err)
  } finally {
    process.off('SIGINT', cancel)
    process.off('SIGTERM', cancel)
    const mode = config?.mode ?? raw.mode?.trim()
    const gating = mode === 'gate'
    const auditing = mode === 'audit'
    const context = runCtx ?? footerContext(env)
    // Every mode, also a failed step: gate finds a leg that crashed by its file's error, not by its absence.
    const file = {
      ...resultFileOf(config, result, context, error === undefined ? undefined : redact(error), raw),
      ...(audit ? { audit: auditFileOf(audit) } : {}),
    }
    const resultFile = writeResultFile(JSON.stringify(file, null, 2), resultFileName(file, randomUUID().slice(0, 8)), env, redact)
    // Outputs first and always: a later job must never see an empty safe-to-revoke.
    const outputs = { ...(gating ? gateOutputsOf(gate) : auditing ? auditOutputsOf(audit) : outputsOf(result)), 'result-file': resultFile }
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, redact(value))
    const elapsedMs = Date.now() - startedAt
    const summary = gating
      ? renderGateSummary({ gate, error, serverUrl: env.GITHUB_SERVER_URL || undefined, elapsedMs })
      : auditing
        ? renderAuditSummary({ result: audit, settings: config?.audit, error, run: context, startedAt, elapsedMs })
        : renderSummary({ name: config ? labelOf(config) : raw.name, settings: config, result, run: context, error, startedAt, elapsedMs })
    try {
      await core.summary.addRaw(redact(summary)).write()
    } catch (err) {
      core.warning(`Could not write the job summary: ${redact((err as Error).message)}`)
    }
    const failure = gating
      ? (error ?? (gate ? gateFailure(gate) : 'The gate did not run.'))
      : auditing
        ? auditFailure(audit, error)
        : failureOf(config, result, error)
    if (failure) core.setFailed(redact(failure))
    // Reads still retrying beside the one that failed would keep the step alive and logging after its verdict.
    controller.abort()
  }
}
