/**
 * The runbook's way, as a script would do it: update the shared variable, then one project after another
 * find its production deployment, redeploy it, and wait for it the way Vercel's own client polls.
 */
import { VercelCore } from '@vercel/sdk/core.js'
import { environmentListSharedEnvVariable } from '@vercel/sdk/funcs/environmentListSharedEnvVariable.js'
import { environmentUpdateSharedEnvVariable } from '@vercel/sdk/funcs/environmentUpdateSharedEnvVariable.js'
import { projectsGetProject } from '@vercel/sdk/funcs/projectsGetProject.js'
import { deploymentsCreateDeployment } from '@vercel/sdk/funcs/deploymentsCreateDeployment.js'
import { deploymentsGetDeployment } from '@vercel/sdk/funcs/deploymentsGetDeployment.js'
import { pollingDelay } from '../src/rotation/wait/schedule.js'

const backoff = {
  strategy: 'backoff' as const,
  backoff: { initialInterval: 500, maxInterval: 60_000, exponent: 1.5, maxElapsedTime: 3_600_000 },
  retryConnectionErrors: true,
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw r.error
  return r.value
}

export async function runbookRotation(o: { url: string; token: string; team: string; key: string; value: string }): Promise<void> {
  const client = new VercelCore({ bearerToken: o.token, serverURL: o.url, retryConfig: backoff })
  const scope = { slug: o.team }
  const shared = must(await environmentListSharedEnvVariable(client, { search: o.key, ...scope })).data.filter((v) => v.key === o.key)
  const updates = Object.fromEntries(shared.map((v) => [v.id, { value: o.value }]))
  must(await environmentUpdateSharedEnvVariable(client, { ...scope, requestBody: { updates } }))
  for (const projectId of new Set(shared.flatMap((v) => v.projectId ?? []))) {
    const project = must(await projectsGetProject(client, { idOrName: projectId, ...scope }))
    const serving = project.targets?.production
    if (!serving) continue
    const created = must(
      await deploymentsCreateDeployment(client, {
        forceNew: '1',
        ...scope,
        requestBody: { name: project.name, deploymentId: serving.id, target: 'production' },
      }),
    )
    const start = Date.now()
    for (;;) {
      await new Promise((r) => setTimeout(r, pollingDelay(Date.now() - start)))
      const d = must(await deploymentsGetDeployment(client, { idOrUrl: created.id, ...scope }))
      if (d.readyState === 'READY' || d.readyState === 'ERROR' || d.readyState === 'CANCELED') break
    }
  }
}

/** `node --import tsx bench/baseline.ts SIZES BUILD_MS LATENCY_MS`: prints `{"N": seconds, ...}`. */
if (process.argv[1]?.endsWith('baseline.ts')) {
  const { seedTeam, startEmulator } = await import('../emulator/index.js')
  const [sizes = '', buildMs = '3000', latencyMs = '20'] = process.argv.slice(2)
  const out: Record<number, number> = {}
  for (const n of sizes.split(',').filter(Boolean).map(Number)) {
    const emulator = await startEmulator({ token: 'benchtoken', buildMs: Number(buildMs), latencyMs: Number(latencyMs), log: false })
    seedTeam(emulator.state, { projects: n, key: 'SHARED_SECRET', slug: 'bench' })
    const start = performance.now()
    await runbookRotation({ url: emulator.url, token: 'benchtoken', team: 'bench', key: 'SHARED_SECRET', value: 'rotated-value' })
    out[n] = (performance.now() - start) / 1000
    await emulator.close()
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}
