import { seedTeam, startEmulator } from '../emulator/index.js'
import { GetProjectResponseBody$inboundSchema } from '@vercel/sdk/models/getprojectresponsebody.js'
import { CreateDeploymentResponseBody$inboundSchema } from '@vercel/sdk/models/createdeploymentresponsebody.js'
import { GetDeploymentsResponseBody$inboundSchema } from '@vercel/sdk/models/getdeploymentsop.js'
const e = await startEmulator({ token: 't', buildMs: 100 })
const seed = seedTeam(e.state, { projects: 60, key: 'K', slug: 'bench' })
const h = { authorization: 'Bearer t', 'content-type': 'application/json' }
const get = async (p: string, init: RequestInit = {}) => (await fetch(e.url + p, { headers: h, ...init })).text()
const project = await get('/v9/projects/app-001?slug=bench')
const src = e.state.servingDeployment(seed.projects[0]!.id)!.uid
const created = await get('/v13/deployments?forceNew=1&slug=bench', {
  method: 'POST',
  body: JSON.stringify({ name: 'app-001', deploymentId: src, target: 'production', meta: { a: 'b' } }),
})
for (const p of seed.projects.slice(1, 20)) {
  const s = e.state.servingDeployment(p.id)!.uid
  await get('/v13/deployments?forceNew=1&slug=bench', {
    method: 'POST',
    body: JSON.stringify({ name: p.name, deploymentId: s, target: 'production' }),
  })
}
const list = await get(
  '/v7/deployments?slug=bench&limit=100&' +
    seed.projects
      .slice(0, 20)
      .map((p) => `projectIds=${p.id}`)
      .join('&'),
)
await e.close()
function time(label: string, body: string, f: (raw: unknown) => unknown) {
  for (let i = 0; i < 200; i++) f(JSON.parse(body))
  const N = 2000
  const t = process.cpuUsage()
  for (let i = 0; i < N; i++) f(JSON.parse(body))
  const u = process.cpuUsage(t)
  console.log(`${label}: ${body.length} bytes, ${((u.user + u.system) / N / 1000).toFixed(3)} ms per answer`)
}
time('getProject JSON.parse only', project, (x) => x)
time('getProject + SDK schema', project, (x) => GetProjectResponseBody$inboundSchema.parse(x))
time('createDeployment JSON.parse only', created, (x) => x)
time('createDeployment + SDK schema', created, (x) => CreateDeploymentResponseBody$inboundSchema.parse(x))
time('getDeployments(20 projects) JSON.parse only', list, (x) => x)
time('getDeployments(20 projects) + SDK schema', list, (x) => GetDeploymentsResponseBody$inboundSchema.parse(x))
