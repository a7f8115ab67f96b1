/**
 * Reading build states within Vercel's bound of 20 projects a listing: up to 20 projects' builds are read with a
 * project filter; more are read from the team's listing since the oldest build, and only their own come back.
 */
import { describe, expect, it } from 'vitest'
import { readStates, TEAM_LISTING_ABOVE } from '../src/rotation/wait/read.js'
import type { Rollout } from '../src/rotation/wait/rollout.js'
import type { ProjectPlan } from '../src/rotation/types.js'
import type { Deployment, DeploymentQuery, VercelPort } from '../src/vercel/port.js'

const log = { info: () => {}, warning: () => {}, debug: () => {} }
const deployment = (n: number, projectId = `prj_${n}`): Deployment => ({
  id: `dpl_${n}`,
  url: '',
  projectId,
  name: projectId,
  createdAt: 1_000 + n,
  state: 'READY',
  aliasAssigned: true,
  target: 'production',
  meta: {},
})
const rollouts = (n: number): Rollout[] =>
  Array.from({ length: n }, (_, i) => ({ project: { id: `prj_${i}`, name: `p${i}` } as ProjectPlan, deployment: deployment(i) }) as Rollout)

/** A port whose listing answers with the asked builds, and one of another project made meanwhile. */
function port(): { port: VercelPort; queries: DeploymentQuery[] } {
  const queries: DeploymentQuery[] = []
  const listDeployments = async (q: DeploymentQuery) => {
    queries.push(q)
    return [...q.projectIds.map((id) => deployment(Number(id.slice(4)), id)), deployment(999, 'prj_other')]
  }
  return { port: { listDeployments } as unknown as VercelPort, queries }
}

describe('readStates', () => {
  it(`names up to ${TEAM_LISTING_ABOVE} projects in the listing itself`, async () => {
    const { port: p, queries } = port()
    await readStates(rollouts(TEAM_LISTING_ABOVE), p, {}, log)
    expect(queries).toHaveLength(1)
    expect(queries[0]!.wholeTeam).toBe(false)
    expect(queries[0]!.since).toBe(999)
  })

  it(`reads the team's listing past ${TEAM_LISTING_ABOVE} projects, and keeps only the builds of the projects asked for`, async () => {
    const { port: p, queries } = port()
    const listed = await readStates(rollouts(TEAM_LISTING_ABOVE + 1), p, { states: ['READY'] }, log)
    expect(queries).toHaveLength(1)
    expect(queries[0]).toMatchObject({ wholeTeam: true, since: 999, states: ['READY'] })
    expect(listed!.map((d) => d.projectId)).not.toContain('prj_other')
    expect(listed).toHaveLength(TEAM_LISTING_ABOVE + 1)
  })
})
