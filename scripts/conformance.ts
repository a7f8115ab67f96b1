/**
 * npm run conformance [-- --team <id or slug>] [--allow-writes]
 * Checks the ledger (docs/vercel-api.md) against Vercel. Needs VERCEL_TOKEN, a team (VERCEL_ORG_ID or --team) and
 * CONFORMANCE_WRITES=1 or --allow-writes; without the last it refuses and exits 2.
 */
import { conformanceSettings, runConformance } from './conformance/run.js'

const settings = conformanceSettings(process.env, process.argv.slice(2))
if (!settings.ok) {
  console.error(settings.message)
  process.exit(2)
}

// An interruption stops the checks; the run then deletes its scratch project before exiting.
const interrupt = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping, then deleting the scratch project.`)
    interrupt.abort()
  })
}

const outcome = await runConformance({ ...settings, signal: interrupt.signal, log: (line) => console.log(line) })
process.exit(outcome.exitCode)
