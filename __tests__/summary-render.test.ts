/**
 * Every summary of the representative set, rendered to HTML by a GFM renderer the way GitHub renders a job summary,
 * and checked for what a reader relies on: the verdict first with the right mark, counts that add up, the rows
 * needing attention first, links to build logs, cells narrow enough for 700 px, folding, the footer, no secret.
 */
import { marked } from 'marked'
import { afterEach, describe, expect, it } from 'vitest'
import { seedTeam, startEmulator, type Emulator } from '../emulator/index.js'
import { parseInputs } from '../src/inputs.js'
import type { ProjectResult } from '../src/rotation/types.js'
import { CELL_MAX } from '../src/report/rows.js'
import { FOLD_OVER, renderSummary, type SummaryInput } from '../src/report/summary.js'
import { CANARIES, CANARY_TOKEN } from './helpers/canaries.js'
import { CASES } from './helpers/summary-cases.js'
import { rotate, runContext, TOKEN } from './helpers/rotate.js'
import { tablesOf, text, type Table } from './helpers/html-text.js'

const projectTables = (tables: Table[]) => tables.filter((t) => t.header[0] === 'Project' && t.header[1] === 'Result')

function render(input: SummaryInput) {
  const md = renderSummary(input)
  const html = marked.parse(md, { gfm: true, async: false })
  return { md, html, tables: tablesOf(html) }
}

/** Attention, judged from what the reader sees rather than from the code that sorted the rows. */
function looksUrgent(resultCell: string, input: SummaryInput): boolean {
  if (input.settings?.mode === 'plan') return false
  if (/⏳/.test(resultCell)) return input.settings?.wait !== false
  return /❌|🩺|⚠️|rolled back/.test(resultCell)
}

interface Rendered {
  input: SummaryInput
  md: string
  html: string
  tables: Table[]
  projects: ProjectResult[]
  rows: { cells: string[]; t: Table }[]
}

function rendered(input: SummaryInput): Rendered {
  const { md, html, tables } = render(input)
  const rows = projectTables(tables).flatMap((t) => t.rows.map((cells) => ({ cells, t })))
  return { input, md, html, tables, projects: input.result?.projects ?? [], rows }
}

/** What every summary must satisfy, whatever the run. */
const CHECKS: [string, (r: Rendered) => void][] = []
const check = (name: string, fn: (r: Rendered) => void) => void CHECKS.push([name, fn])

check('opens with the heading, then the verdict with its mark, before any table or list', ({ input, md, html }) => {
  expect(html.indexOf('<h2>')).toBe(0)
  const verdict = html.indexOf('<h3>')
  expect(verdict).toBeGreaterThan(0)
  for (const tag of ['<table>', '<ul>', '<details', '<blockquote>']) {
    if (html.includes(tag)) expect(html.indexOf(tag)).toBeGreaterThan(verdict)
  }
  const safe = input.result?.safeToRevoke === true
  const h3 = text(html.slice(verdict, html.indexOf('</h3>')))
  expect(h3).toBe(`${safe ? '✅' : '❌'} safe-to-revoke: ${safe}`)
  // The next step comes right after it, its answer in bold.
  expect(html.slice(html.indexOf('</h3>')).trimStart()).toMatch(/^<\/h3>\s*<p><strong>/)
  if (safe) {
    expect(md).toMatch(/can be revoked/)
    expect(md).toContain(input.result!.revokeAfter!)
  } else {
    expect(md).not.toMatch(/can be revoked|Revoke the old credential now/)
  }
})

check('counts every project once, and the counts add up to the rows', ({ input, html, projects, rows }) => {
  expect(rows).toHaveLength(projects.length)
  const line = html.match(/<p><strong>(\d+) of (\d+) [a-z, ]+<\/strong>(.*)<\/p>/)
  if (projects.length === 0) {
    expect(line).toBeNull()
    return
  }
  expect(line).not.toBeNull()
  const [, first, total, rest] = line!
  expect(Number(total)).toBe(projects.length)
  const others = [...rest!.replace(/⏱️.*/, '').matchAll(/ (\d+) /g)].map((m) => Number(m[1]))
  expect(Number(first) + others.reduce((a, b) => a + b, 0)).toBe(projects.length)
  if (input.elapsedMs !== undefined) expect(rest).toMatch(/⏱️ \d/)
})

check('shows the rows needing attention first', ({ input, rows }) => {
  const urgent = rows.map((r) => looksUrgent(text(r.cells[1]!), input))
  const firstCalm = urgent.indexOf(false)
  if (firstCalm >= 0) expect(urgent.slice(firstCalm)).not.toContain(true)
})

check('folds the rest away only when there are many', ({ input, projects, rows }) => {
  for (const r of rows) {
    const urgent = looksUrgent(text(r.cells[1]!), input)
    expect(r.t.folded).toBe(projects.length > FOLD_OVER && !urgent)
  }
})

check(
  "links each deployment to its build logs (Vercel's inspectorUrl, else built from the team slug), or to the deployment when neither is known",
  ({ input, projects, rows }) => {
    const team = input.settings?.team
    for (const r of rows) {
      const project = projects.find((p) => p.name === text(r.cells[0]!))!
      const col = r.t.header.indexOf('Deployment')
      const link = r.cells[col]!.match(/<a href="([^"]+)" title="([^"]+)">/)
      if (!project.deployment) {
        expect(link).toBeNull()
        continue
      }
      expect(link?.[2]).toBe(project.deployment.id)
      const expected = project.deployment.inspectorUrl
        ? project.deployment.inspectorUrl
        : team && !team.startsWith('team_')
          ? `https://vercel.com/${team}/${project.name}/${project.deployment.id.slice('dpl_'.length)}`
          : `https://${project.deployment.url}`
      expect(link?.[1]).toBe(expected)
    }
  },
)

check(`keeps every table cell within ${CELL_MAX} characters a line, and at most 6 columns`, ({ tables }) => {
  for (const t of tables) {
    expect(t.header.length).toBeLessThanOrEqual(6)
    for (const row of t.rows) {
      for (const c of row) for (const line of text(c).split('\n')) expect(Array.from(line).length, line).toBeLessThanOrEqual(CELL_MAX)
    }
  }
})

check('ends with the footer, with the run link when the run is known', ({ input, html }) => {
  const last = html.trimEnd().match(/<p><sub>((?!<p>).)*No values are shown\.<\/sub><\/p>$/)?.[0] ?? ''
  expect(last).not.toBe('')
  if (input.run?.runUrl) expect(last).toContain(`href="${input.run.runUrl}"`)
  if (input.elapsedMs !== undefined) expect(last).toMatch(/\d+(\.\d)? (s|min)/)
})

check('shows no secret: neither the token, nor the value, nor the protection bypass', ({ md, html }) => {
  for (const canary of [...CANARIES, `bypass-${CANARY_TOKEN}`]) {
    expect(md).not.toContain(canary)
    expect(html).not.toContain(canary)
  }
})

check('tells what to do for every project needing attention', ({ input, md, projects, rows }) => {
  for (const p of projects) {
    const row = rows.find((r) => text(r.cells[0]!) === p.name)!
    if (!looksUrgent(text(row.cells[1]!), input)) continue
    const note = md.split('\n').find((l) => l.startsWith('- ') && l.includes(`**${p.name}**`))
    expect(note, p.name).toMatch(/re-?run|rotate again|verify again|mode: verify|raise timeout/i)
  }
})

describe.each(Object.keys(CASES))('the %s summary, rendered', (name) => {
  const r = rendered(CASES[name]!())
  it.each(CHECKS)('%s', (_, fn) => fn(r))
})

describe('summary specifics', () => {
  it('a 40-project run puts the failures of rows 5, 18 and 31 and the unhealthy one at the top, the rest folded', () => {
    const input = CASES['failures-40']!()
    const { html, tables } = render(input)
    const [open, folded] = projectTables(tables)
    const names = (i: number) => input.result!.projects[i]!.name
    expect(open!.folded).toBe(false)
    expect(open!.rows.map((r) => text(r[0]!))).toEqual([names(11), names(4), names(17), names(30)])
    expect(folded!.folded).toBe(true)
    expect(folded!.rows).toHaveLength(36)
    expect(html).toContain('<strong>35 of 40 redeployed</strong> · 1 already current · 🩺 1 unhealthy · ❌ 3 failed · ⏱️ 4 min 12 s')
  })

  it('names the shared record once, above the table, in team scope', () => {
    for (const name of ['failures-40', 'team-scope', 'wait-false']) {
      const input = CASES[name]!()
      const { md, tables } = render(input)
      const id = input.result!.projects[0]!.records[0]!.id
      expect(md.split(id)).toHaveLength(2)
      expect(md.indexOf(id)).toBeLessThan(md.indexOf('| Project |'))
      expect(tables.every((t) => !t.header.includes('Record'))).toBe(true)
    }
  })

  it('says whether a re-run kept the value an earlier attempt wrote or wrote the value given again, once, above the table', () => {
    for (const [name, said] of [
      [
        'rerun-kept',
        /<p><strong>Re-run<\/strong>: Vercel already holds the value given \(an earlier attempt of this workflow run wrote it\): resuming without writing again\.<\/p>/,
      ],
      [
        'rerun-written-again',
        /<p><strong>Re-run<\/strong>: An earlier attempt of this workflow run wrote a different value: writing the value given and rebuilding every project\.<\/p>/,
      ],
    ] as const) {
      const { html } = render(CASES[name]!())
      expect(html).toMatch(said)
      expect(html.split('Re-run</strong>')).toHaveLength(2)
      expect(html.search(said)).toBeLessThan(html.indexOf('<table>'))
    }
    // A first attempt, or a re-run that found no earlier write, says nothing of it.
    expect(render(CASES['success-3']!()).html).not.toContain('Re-run</strong>')
  })

  it('says right under the verdict whether the failing value went back out of the records, loudly where it did not', () => {
    const restored = render(CASES.restored!()).md
    const verdict = restored.indexOf('**Do not revoke')
    const said = restored.indexOf('**Restored:** DATABASE_URL holds the previous value again')
    expect(verdict).toBeGreaterThan(0)
    expect(said).toBeGreaterThan(verdict)
    expect(said).toBeLessThan(restored.indexOf('**Contained:**'))
    const warned = render(CASES['not-restored-warning']!()).md
    expect(warned).toMatch(
      /\*\*⚠️ DATABASE_URL still holds the new, failing value in Vercel:\*\* the next deployment of each project \(a git push\) will build with it/,
    )
    expect(warned.indexOf('still holds the new, failing value')).toBeLessThan(warned.indexOf('| Project |'))
  })

  it('names each record written without the stamp, and why, under the projects; a plan shows the comment each record would get', () => {
    const { md, html } = render(CASES.unstamped!())
    const said = html.indexOf('<strong>Not stamped</strong>')
    expect(said).toBeGreaterThan(html.indexOf('<table>'))
    const items = html.slice(said).match(/<ul>([\s\S]*?)<\/ul>/)![1]!
    expect(text(items)).toBe(
      "checkout-service · DATABASE_URL env_checkout_1 (comment full: 480 of 500 characters are the comment's own text, and the stamp needs 79)",
    )
    // Stamped records are the rule and go unmentioned; the comment's own text is never printed.
    expect(md).not.toContain('Primary Postgres for checkout')
    expect(render(CASES['success-3']!()).md).not.toContain('Not stamped')

    const plan = render(CASES.plan!())
    expect(plan.md).not.toContain('Not stamped')
    const list = plan.html.slice(plan.html.indexOf('The comment a rotate would write in 3 records'))
    expect(
      text(list.slice(0, list.indexOf('</details>')))
        .split('\n')
        .filter(Boolean),
    ).toEqual([
      'The comment a rotate would write in 3 records (the stamp takes the time of the write)',
      'web · DATABASE_URL env_web_1: Primary database, rotated quarterly [rotate-vercel-secret: rotated 2026-11-25T06:00:00Z by acme/platform run 4242]',
      "api · DATABASE_URL env_api_1: its own text only, without the stamp (comment full: 480 of 500 characters are the comment's own text, and the stamp needs 79)",
      'docs · DATABASE_URL env_docs_1: [rotate-vercel-secret: rotated 2026-11-25T06:00:00Z by acme/platform run 4242]',
    ])
  })

  it('shows custom environments in the project row', () => {
    const { tables } = render(CASES['team-scope']!())
    const web = projectTables(tables)[0]!.rows.find((r) => text(r[0]!) === 'web')!
    expect(text(web[2]!)).toBe('production ✅ · staging ✅')
  })

  it('makes an unhealthy project and a rollback stand out above the table', () => {
    const { md } = render(CASES.rollback!())
    const table = md.indexOf('| Project |')
    expect(md.indexOf('**Keep the old credential valid**')).toBeLessThan(table)
    expect(md.indexOf('Vercel now stages new production builds until the rollback is undone')).toBeLessThan(table)
    expect(md).toMatch(/^\| web \| 🩺 unhealthy, rolled back \|/m)
  })

  it('says above the table when Vercel did not stage a rebuild created staged, and never calls it contained', () => {
    const { md, tables } = render(CASES['not-staged']!())
    const table = md.indexOf('| Project |')
    expect(md.indexOf('⚠️ **Not staged:** Vercel did not stage the rebuild of **web**')).toBeGreaterThan(0)
    expect(md.indexOf('⚠️ **Not staged:**')).toBeLessThan(table)
    expect(md).toMatch(/the new value reached production but is not working/)
    expect(md).not.toMatch(/Contained:|, contained|where it was contained/)
    expect(md).toMatch(/held back behind a rebuild Vercel did not stage: a re-run sends the first rebuild alone again/)
    const rows = projectTables(tables)[0]!.rows
    expect(text(rows.find((r) => text(r[0]!) === 'web')![1]!)).toBe('🩺 unhealthy, not staged')
    expect(md).toMatch(/- ⚠️ \*\*api\*\*, skipped: Not redeployed: the canary web did not pass .*as a canary of one/)
    // A value that works: still said, on every row and above the table.
    const passed = render(CASES['not-staged-passed']!())
    expect(passed.md).toMatch(/⚠️ \*\*Not staged:\*\* Vercel did not stage the rebuilds of \*\*web\*\*, \*\*api\*\*, \*\*docs\*\*/)
    expect(projectTables(passed.tables)[0]!.rows.map((r) => text(r[1]!))).toEqual(Array(3).fill('✅ redeployed, not staged'))
  })

  it('a project rolled back while the run waited is failed, not serving, with what serves now and what to do', () => {
    const { md, tables } = render(CASES['rolled-back-mid-run']!())
    expect(md).toContain('safe-to-revoke: `false`')
    expect(text(projectTables(tables)[0]!.rows[0]![1]!)).toBe('❌ failed, not serving')
    expect(md).toMatch(
      /- ❌ \*\*web\*\*, failed: Production no longer serves dpl_\w+: it now serves dpl_\w+, created .* before the value was written.* then re-run/,
    )
  })

  it('gives the timeout a fix: a health check still failing at the timeout says what to do', () => {
    const { md } = render(CASES.timeout!())
    expect(md).toMatch(/- 🩺 \*\*api\*\*, unhealthy: Its health check never passed .*\*\*Fix:\*\* Keep the old credential valid\..*rotate again/)
  })

  it('shows a refusal with what was refused, a table of what was asked, and the footer', () => {
    const { html, tables } = render(CASES.refusal!())
    expect(html).toContain('<strong>Refused before writing anything:</strong>')
    expect(html.match(/<li>/g)).toHaveLength(2)
    expect(tables).toHaveLength(1)
    expect(tables[0]!.rows.map((r) => text(r[0]!))).toContain('scope')
    expect(html).toMatch(/Nothing was written: fix what is listed below/)
  })

  it('shows an input error with the footer, though the run was never read', () => {
    const { html } = render(CASES['input-error']!())
    expect(html).toMatch(/<li>max-parallel: .*<\/li>/)
    expect(html.trimEnd()).toMatch(/<p><sub>Rotate Vercel Secret · 2026-11-25 05:59:55 UTC · 0\.1 s · No values are shown\.<\/sub><\/p>$/)
  })

  it('links to the deployment, and says why, when the team is given as an ID and Vercel sent no inspectorUrl', () => {
    const { md } = render(CASES['team-id']!())
    expect(md).toContain('](https://web-')
    expect(md).not.toContain('https://vercel.com/')
    expect(md).toMatch(/Deployment links open the deployment itself: .*given as an ID\. Set team to the slug/)
  })

  it("links Vercel's inspectorUrl when the team is given as an ID, with no fallback note", () => {
    const { md } = render(CASES['team-id-inspector']!())
    expect(md).toContain('](https://vercel.com/acme/web/')
    expect(md).not.toContain('](https://web-')
    expect(md).not.toContain('Deployment links open the deployment itself')
  })

  it('says when to revoke: now, or after the Skew Protection window', () => {
    expect(render(CASES['success-3']!()).md).toContain('**Revoke the old credential now.**')
    expect(render(CASES['safe-after-skew']!()).md).toContain('**Revoke the old credential after 2026-11-26 06:00:00 UTC**, not before')
  })

  it('with wait: false, folds the unproven redeploys away: that outcome was asked for', () => {
    const { md, tables } = render(CASES['wait-false']!())
    expect(md).toContain('(wait: false)')
    expect(md).toContain('**12 of 12 redeployed, not verified** · ⏱️ 9 s')
    expect(projectTables(tables).every((t) => t.folded)).toBe(true)
  })
})

describe('summaries of real runs against the emulator', () => {
  let emulator: Emulator | undefined
  afterEach(async () => emulator?.close())

  it.each([
    ['12 projects, two builds failing', ['ERROR', 'CANCELED'] as const, 'rotate', 'slug'],
    ['12 projects, two builds failing, the team given as an ID', ['ERROR', 'CANCELED'] as const, 'rotate', 'id'],
    ['12 projects, all redeployed', [] as const, 'rotate', 'slug'],
    ['12 projects, a plan', [] as const, 'plan', 'slug'],
  ])('%s: every check holds, and each link is the inspectorUrl Vercel reports', async (_, failures, mode, teamAs) => {
    emulator = await startEmulator({ token: TOKEN, buildMs: 50 })
    const seed = seedTeam(emulator.state, { projects: 12, key: 'SHARED_SECRET' })
    failures.forEach((f, i) => emulator!.state.failNextBuild(seed.projects[3 + i * 5]!.id, f))
    const team = teamAs === 'id' ? seed.team.id : 'bench'
    const raw = { scope: 'team', team, name: 'SHARED_SECRET', value: CANARIES[1]!, mode }
    const { result } = await rotate(emulator, raw, { timeoutMs: 20_000 })
    const { settings } = parseInputs({ 'vercel-token': TOKEN, 'api-url': emulator.url, ...raw })
    const r = rendered({ name: raw.name, settings, result, run: runContext(), startedAt: Date.now() - 5_000, elapsedMs: 5_000 })
    for (const [name, fn] of CHECKS) {
      try {
        fn(r)
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`, { cause: err })
      }
    }
    expect(r.rows).toHaveLength(12)
    expect(r.rows.filter((x) => text(x.cells[1]!).includes('failed'))).toHaveLength(failures.length)

    // The link built from the team slug is the deployment's own inspectorUrl, as Vercel (here the emulator) reports it.
    for (const p of result.projects) {
      const answer = await fetch(`${emulator.url}/v13/deployments/${p.deployment!.id}?teamId=${seed.team.id}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
      const { inspectorUrl } = (await answer.json()) as { inspectorUrl: string }
      expect(inspectorUrl).toBe(`https://vercel.com/bench/${p.name}/${p.deployment!.id.slice('dpl_'.length)}`)
      expect(r.md).toContain(`](${inspectorUrl} "${p.deployment!.id}")`)
    }
    expect(r.md).not.toContain('Deployment links open the deployment itself')
  })
})
