/**
 * Renders the job summaries of __tests__/helpers/summary-cases.ts the way GitHub shows them (GFM with marked, GitHub's
 * Markdown CSS) and screenshots each at 1100 and 700 px with Debian's Chromium, reporting any table wider than the
 * page (GitHub then scrolls it sideways and the last columns are cut off).
 *
 *   npx tsx scripts/screenshot-summary.ts [case ...]        PNGs into .tmp/summary-shots/
 *   npx tsx scripts/screenshot-summary.ts --docs            also writes docs/images/summary-40.png
 *
 * Needs /usr/bin/chromium (apt-get install -y chromium fonts-noto-color-emoji). Not part of npm test.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { marked } from 'marked'
import { chromium } from 'playwright-core'
import { AUDIT_CASES, CASES, GATE_CASES } from '../__tests__/helpers/summary-cases.js'
import { renderAuditSummary } from '../src/report/audit-summary.js'
import { renderGateSummary } from '../src/report/gate-summary.js'
import { renderSummary } from '../src/report/summary.js'

const require = createRequire(import.meta.url)
const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8')
const OUT = join(process.cwd(), '.tmp', 'summary-shots')
const WIDTHS = [1100, 700]

/** GitHub's job summary card: the rendered Markdown inside a bordered box with the page's margins. */
function page(markdown: string): string {
  const body = marked.parse(markdown, { gfm: true, async: false })
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #f6f8fa; }
.card { margin: 16px; border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
.card > h4 { margin: 0; padding: 12px 24px; font: 600 14px -apple-system, "Segoe UI", sans-serif; border-bottom: 1px solid #d0d7de; }
.markdown-body { padding: 16px 24px 24px; font-size: 14px; }
</style></head><body><div class="card"><h4>rotate summary</h4><article class="markdown-body">${body}</article></div></body></html>`
}

const args = process.argv.slice(2)
const docs = args.includes('--docs')
const names = args.filter((a) => !a.startsWith('--'))
const every = [...Object.keys(CASES), ...Object.keys(GATE_CASES), ...Object.keys(AUDIT_CASES)]
const chosen = names.length ? names : every

mkdirSync(OUT, { recursive: true })
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})
let overflowing = 0
try {
  for (const name of chosen) {
    const build = CASES[name]
    const gate = GATE_CASES[name]
    const audit = AUDIT_CASES[name]
    if (!build && !gate && !audit) throw new Error(`No summary case named ${name}; the cases are: ${every.join(', ')}`)
    const html = page(build ? renderSummary(build()) : gate ? renderGateSummary(gate()) : renderAuditSummary(audit!()))
    for (const width of WIDTHS) {
      const tab = await browser.newPage({ viewport: { width, height: 800 }, deviceScaleFactor: 1 })
      await tab.setContent(html, { waitUntil: 'load' })
      const height = await tab.evaluate(() => document.documentElement.scrollHeight)
      const file = join(OUT, `${name}-${width}.png`)
      await tab.screenshot({ path: file, fullPage: true })
      if (docs && name === 'failures-40' && width === 1100) {
        mkdirSync('docs/images', { recursive: true })
        await tab.screenshot({ path: 'docs/images/summary-40.png', fullPage: true })
        console.log('docs/images/summary-40.png')
      }
      // Folded tables have no width until opened: measure with every fold open.
      await tab.$$eval('details', (ds) => ds.forEach((d) => d.setAttribute('open', '')))
      const tables = await tab.$$eval('table', (ts) => ts.map((t) => ({ scroll: t.scrollWidth, client: t.clientWidth })))
      const wide = tables.filter((t) => t.scroll > t.client + 1)
      overflowing += wide.length
      await tab.screenshot({ path: join(OUT, `${name}-${width}-open.png`), fullPage: true })
      console.log(`${file}  ${height} px tall, ${tables.length} table(s)${wide.length ? `, ${wide.length} WIDER THAN THE PAGE` : ''}`)
      await tab.close()
    }
    writeFileSync(join(OUT, `${name}.html`), html)
  }
} finally {
  await browser.close()
}
if (overflowing) process.exitCode = 1
