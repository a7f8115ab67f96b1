/**
 * mode: audit's job summary (src/report/audit-summary.ts), rendered to HTML the way GitHub renders a job summary:
 * the verdict and the counts first, the findings grouped by key worst first with a few projects named, the rest
 * folded, everything from Vercel escaped, and nothing of a value or a comment's own text anywhere.
 */
import { marked } from 'marked'
import { describe, expect, it } from 'vitest'
import { judgeInventory } from '../src/audit/findings.js'
import { DEFAULT_IGNORE, keyMatcher } from '../src/audit/key-patterns.js'
import type { AuditRecord, FindingKind, Inventory } from '../src/audit/types.js'
import { auditFailure, auditFileOf, auditOutputsOf, FINDINGS_OUTPUT_MAX } from '../src/report/audit-outputs.js'
import { LISTED_MAX } from '../src/report/audit-inventory.js'
import { renderAuditSummary, type AuditSummaryInput } from '../src/report/audit-summary.js'
import { FOLD_OVER } from '../src/report/summary.js'
import { formatStamp } from '../src/rotation/stamp.js'
import { CANARIES } from './helpers/canaries.js'
import { AUDIT_CASES, AUDIT_NOW, auditProjectOf, auditRecordOf, auditSettingsOf, RUN } from './helpers/summary-cases.js'
import { tablesOf, text, type Table } from './helpers/html-text.js'

function render(input: AuditSummaryInput) {
  const md = renderAuditSummary(input)
  const html = marked.parse(md, { gfm: true, async: false })
  return { md, html, tables: tablesOf(html) }
}

const findingTables = (tables: Table[]) => tables.filter((t) => t.header.join('|') === 'Key|Finding|Where and what')

describe.each(Object.keys(AUDIT_CASES))('the %s audit summary', (name) => {
  const input = AUDIT_CASES[name]!()
  const { md, html, tables } = render(input)

  it('opens with the heading, then the verdict, then the counts, before any table, list or fold', () => {
    expect(html.indexOf('<h2>')).toBe(0)
    const verdict = html.indexOf('<h3>')
    for (const tag of ['<table>', '<ul>', '<details', '<h4>']) if (html.includes(tag)) expect(html.indexOf(tag)).toBeGreaterThan(verdict)
    const h3 = text(html.slice(verdict, html.indexOf('</h3>')))
    const r = input.result
    const policy = input.settings?.maxAgeDays !== undefined || input.settings?.requireSensitive
    const expected = !r
      ? '❌ The audit did not finish'
      : r.violations.length
        ? `❌ ${r.violations.length} policy violation${r.violations.length === 1 ? '' : 's'}`
        : policy
          ? '✅ Policy holds'
          : 'ℹ️ No policy set'
    expect(h3).toBe(expected)
    // The next step right under it, its answer in bold.
    expect(html.slice(html.indexOf('</h3>'))).toMatch(/^<\/h3>\s*<p><strong>/)
    if (!r) return
    const counts = html.indexOf(`<strong>${r.counts.projects} project`)
    expect(counts).toBeGreaterThan(verdict)
    for (const tag of ['<table>', '<details']) if (html.includes(tag)) expect(html.indexOf(tag)).toBeGreaterThan(counts)
  })

  it('counts every finding once, by kind, and the records judged with their stamped share', () => {
    const r = input.result
    if (!r) return
    const line = text(md.split('\n').find((l) => l.startsWith(`**${r.counts.projects} project`))!)
    expect(line).toContain(`${r.counts.records} records`)
    const by = (k: FindingKind) => r.findings.filter((f) => f.kind === k).length
    const kinds: [FindingKind, string][] = [
      ['readable', 'readable'],
      ['not-deployed', 'not deployed'],
      ['old', 'old'],
      ['shadowed', 'shadowed'],
      ['integration', 'integration'],
    ]
    for (const [k, word] of kinds) {
      if (by(k)) expect(line).toMatch(new RegExp(` ${by(k)} ${word}`))
      else expect(line).not.toMatch(new RegExp(` \\d+ ${word}`))
    }
    expect(line).toContain(`🏷️ ${r.counts.stamped} stamped (${Math.round((100 * r.counts.stamped) / r.counts.records)}%)`)
  })

  it('names each key once in the findings, the keys with the worst finding first, and every finding in some row', () => {
    const r = input.result
    if (!r?.findings.length) return expect(findingTables(tables)).toEqual([])
    const rows = findingTables(tables).flatMap((t) => t.rows)
    const keys = rows.map((row) => text(row[0]!)).filter(Boolean)
    expect(new Set(keys).size).toBe(keys.length)
    // The first key of the table is the key of the worst finding.
    expect(keys[0]).toBe(r.findings[0]!.key)
    expect(new Set(keys)).toEqual(new Set(r.findings.map((f) => f.key)))
  })

  it('keeps the cells narrow: no project list longer than a few names', () => {
    for (const t of tables) {
      for (const row of t.rows) {
        for (const c of row) {
          for (const line of text(c).split('\n')) expect(line.length, line).toBeLessThanOrEqual(110)
        }
      }
    }
  })

  it('ends with the footer, saying no value was read', () => {
    expect(md.trimEnd().split('\n').at(-1)).toMatch(/^<sub>.*mode audit.*no value was read · No values are shown\.<\/sub>$/)
  })
})

describe('the audit summary of a team of 60 projects', () => {
  const input = AUDIT_CASES['audit-team-60']!()
  const { md, html, tables } = render(input)

  it('names a few of the 60 projects a shared variable is linked to and counts the rest', () => {
    const rows = findingTables(tables).flatMap((t) => t.rows)
    const sentry = rows.find((row) => text(row[0]!) === 'SENTRY_AUTH_TOKEN')!
    const where = text(sentry[2]!).split('\n')[0]!
    expect(where).toMatch(/^shared · 60 projects: [a-z-]+, [a-z-]+, [a-z-]+ \+57 more$/)
  })

  it('folds the records without findings, the public configuration, the list of every finding and the gaps, and says the gaps in the open', () => {
    const found = new Set(input.result!.findings.map((f) => f.record))
    const quietCount = input.result!.inventory.records.filter((r) => !keyMatcher(DEFAULT_IGNORE)(r.key) && !found.has(r.id)).length
    expect(quietCount).toBeGreaterThan(0)
    const folds = [...html.matchAll(/<details>\s*<summary>([\s\S]*?)<\/summary>/g)].map((m) => text(m[1]!))
    expect(folds).toEqual([
      `Every finding, one per record (${input.result!.findings.length})`,
      `${quietCount} records without findings`,
      '13 records of public configuration, never readable or old',
      '⚠️ 1 read came back incomplete',
    ])
    const open = html.slice(0, html.indexOf('<details>'))
    expect(text(open)).toContain('1 read came back incomplete (listed below)')
    expect(text(open)).not.toContain('no host resolves')
    const quiet = tables.find((t) => t.header[0] === 'Key' && t.header[1] === 'Scope')!
    expect(quiet.folded).toBe(true)
    expect(md).toContain('`NEXT_PUBLIC_API_URL` (12)')
  })

  it('links each deployment behind to its page in Vercel, by its short ID', () => {
    expect(md).toMatch(
      /production of billing-worker \(\[4q4Wqke\]\(https:\/\/vercel\.com\/acme\/billing-worker\/4q4Wqke[^)]*\)\), 28 h before the last edit/,
    )
  })

  it('marks each row that breaks the policy, and says what to do for each kind found', () => {
    const rows = findingTables(tables).flatMap((t) => t.rows)
    const marked = rows.filter((row) => text(row[1]!).includes('❌ policy')).length
    expect(marked).toBeGreaterThan(0)
    for (const row of rows) {
      const kind = text(row[1]!)
      if (/not deployed|shadowed/.test(kind)) expect(kind).not.toContain('❌')
    }
    const todo = text(html.slice(html.indexOf('What to do')))
    for (const word of ['readable', 'not deployed', 'old', 'shadowed', 'integration']) expect(todo).toContain(word)
  })
})

describe('folding', () => {
  it('folds keys with only shadowed findings when there are many, keeping every key with a violation open', () => {
    const projects = Array.from({ length: 4 }, (_, i) => auditProjectOf(`p${i}`))
    const ids = projects.map((p) => p.id)
    const records: AuditRecord[] = []
    for (let k = 0; k < FOLD_OVER + 2; k++) {
      records.push(
        auditRecordOf({ id: `env_sh${k}`, key: `KEY_${String(k).padStart(2, '0')}`, scope: 'shared', projectIds: ids, targets: ['preview'] }),
      )
      records.push(auditRecordOf({ id: `env_own${k}`, key: `KEY_${String(k).padStart(2, '0')}`, projectIds: [ids[0]!], targets: ['preview'] }))
    }
    records.push(auditRecordOf({ id: 'env_old', key: 'ZZ_OLD', projectIds: [ids[1]!], updatedAt: AUDIT_NOW - 200 * 86_400_000 }))
    const settings = auditSettingsOf({ maxAgeDays: 90 })
    const { html, tables } = render({ result: judgeInventory({ team: 'acme', projects, records, gaps: [] }, settings, AUDIT_NOW), settings })
    const [open, folded] = findingTables(tables)
    expect(open!.folded).toBe(false)
    expect(open!.rows.map((r) => text(r[0]!))).toEqual(['ZZ_OLD'])
    expect(folded!.folded).toBe(true)
    expect(folded!.rows).toHaveLength(FOLD_OVER + 2)
    expect(html).toContain(`<summary><b>${FOLD_OVER + 2} more keys</b>: ${FOLD_OVER + 2} 🪞 shadowed</summary>`)
  })
})

describe('verdicts', () => {
  it('says the policy holds, naming it, and that the findings are reported only', () => {
    const { md } = render(AUDIT_CASES['audit-holds']!())
    expect(md).toContain(
      '### ✅ Policy holds\n\n**No record breaks max-age-days 90 or require-sensitive.** The 2 findings below are reported, not enforced.',
    )
  })

  it('says nothing is enforced without a policy, and how to set one', () => {
    const { md } = render(AUDIT_CASES['audit-team-60-no-policy']!())
    expect(md).toMatch(
      /### ℹ️ No policy set\n\n\*\*Nothing is enforced:\*\* the \d+ findings below are reported only\. Set `max-age-days` or `require-sensitive: true`/,
    )
  })

  it('says the violations, and where the rotations they call for are', () => {
    const input = AUDIT_CASES['audit-team-60']!()
    const { md } = render(input)
    expect(md).toContain(
      `**Fix the violations marked ❌ below.** The \`rotation-matrix\` output holds the ${input.result!.matrix.length} rotations the findings call for`,
    )
  })

  it('gives an error its own verdict, with the error in bold', () => {
    const { md } = render(AUDIT_CASES['audit-error']!())
    expect(md).toMatch(/### ❌ The audit did not finish\n\n\*\*Team acme: HTTP 403/)
  })
})

describe('what comes from Vercel', () => {
  const hostile = (): Inventory => {
    const p = auditProjectOf('web', {
      name: '<script>alert(1)</script>|web',
      production: { deploymentId: 'dpl_old', createdAt: AUDIT_NOW - 90 * 86_400_000 },
    })
    return {
      team: 'acme',
      projects: [p],
      records: [
        auditRecordOf({
          id: 'env_x',
          key: 'EVIL|<img src=x onerror=alert(1)>',
          type: 'encrypted',
          projectIds: [p.id],
          editedBy: '<b>Mallory</b>|x',
          updatedAt: AUDIT_NOW - 200 * 86_400_000,
        }),
      ],
      gaps: ['custom environment <iframe src=x> of web: no host resolves'],
    }
  }

  it('is escaped: no tag opens, no pipe ends a cell', () => {
    const settings = auditSettingsOf({ maxAgeDays: 90, requireSensitive: true })
    const { html, tables } = render({ result: judgeInventory(hostile(), settings, AUDIT_NOW), settings, run: RUN })
    for (const tag of ['<script', '<img', '<iframe', '<b>Mallory']) expect(html).not.toContain(tag)
    for (const t of tables) for (const row of t.rows) expect(row).toHaveLength(t.header.length)
    expect(text(html)).toContain('EVIL|<img src=x onerror=alert(1)>')
  })

  it('never carries a value or the text of a comment, in the summary, the outputs or the failure', () => {
    const COMMENT = 'note-canary-5d1e: the old password was'
    const inv = hostile()
    const settings = auditSettingsOf({ maxAgeDays: 90, requireSensitive: true })
    const team = AUDIT_CASES['audit-team-60']!().result!.inventory
    // A careless collector might pass a value through, or a user might have written one into a comment.
    const records = [...inv.records, ...team.records].map(
      (r, i) =>
        ({
          ...r,
          comment: `${COMMENT} ${CANARIES[i % CANARIES.length]} ${r.comment ?? ''} ${formatStamp({ at: new Date(AUDIT_NOW - 400 * 86_400_000) })}`,
          value: CANARIES[i % CANARIES.length],
          decryptedValue: CANARIES[(i + 1) % CANARIES.length],
        }) as AuditRecord,
    )
    const result = judgeInventory({ ...team, records, projects: [...inv.projects, ...team.projects] }, settings, AUDIT_NOW)
    expect(result.findings.length).toBeGreaterThan(0)
    const written = [renderAuditSummary({ result, settings, run: RUN }), ...Object.values(auditOutputsOf(result)), auditFailure(result) ?? '']
    for (const out of written) {
      for (const canary of [...CANARIES, 'note-canary-5d1e']) expect(out).not.toContain(canary)
    }
  })
})

describe('a team of 1000 projects with 30 records each', () => {
  // Every record readable and old: the worst case for the lists the summary and the outputs carry.
  const projects = Array.from({ length: 1000 }, (_, i) => auditProjectOf(`app-${String(i).padStart(4, '0')}`))
  const records = projects.flatMap((p) =>
    Array.from({ length: 30 }, (_, k) =>
      auditRecordOf({
        id: `env_${p.id}_${k}`,
        key: `SERVICE_${k}_SECRET`,
        projectIds: [p.id],
        type: 'encrypted',
        updatedAt: AUDIT_NOW - 400 * 86_400_000,
      }),
    ),
  )
  const settings = auditSettingsOf({ maxAgeDays: 90, requireSensitive: true })
  const result = judgeInventory({ team: 'acme', projects, records, gaps: [] }, settings, AUDIT_NOW)

  it('keeps the summary under GitHub’s 1 MiB, naming how many findings the list leaves to the result file', () => {
    expect(result.findings.length).toBe(60_000)
    const summary = renderAuditSummary({ result, settings, run: RUN, startedAt: AUDIT_NOW, elapsedMs: 9_000 })
    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024)
    expect(summary).toContain(`… and ${60_000 - LISTED_MAX} more`)
  })

  it('keeps the findings output under GitHub’s 1 MB, worst first, and the result file holds every finding', () => {
    const outputs = auditOutputsOf(result)
    expect(Buffer.byteLength(outputs.findings)).toBeLessThanOrEqual(FINDINGS_OUTPUT_MAX)
    const kept = JSON.parse(outputs.findings) as { record: string; kind: string }[]
    expect(kept.length).toBeGreaterThan(100)
    expect(kept.map((f) => `${f.kind} ${f.record}`)).toEqual(result.findings.slice(0, kept.length).map((f) => `${f.kind} ${f.record}`))
    expect(auditFileOf(result).findings).toHaveLength(60_000)
    expect(Buffer.byteLength(outputs['rotation-matrix'])).toBeLessThan(1_000_000)
  })
})
