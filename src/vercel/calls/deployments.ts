/** Deployments: redeploys (never created twice), the list read in batches, promote, rollback and domain look-ups. */
import { deploymentsGetDeployments } from '@vercel/sdk/funcs/deploymentsGetDeployments.js'
import { projectsRequestPromote } from '@vercel/sdk/funcs/projectsRequestPromote.js'
import { VercelApiError } from '../errors.js'
import { STAGED_MARK } from '../staged.js'
import { toDeployment } from '../wire.js'
import type { Deployment, DeploymentQuery } from '../port.js'
import { PAGE, PROJECTS_PER_LIST, type SdkClient } from '../client.js'

export async function redeploy(
  c: SdkClient,
  source: Deployment,
  meta: Record<string, string>,
  options: { staged?: boolean } = {},
): Promise<Deployment> {
  const { deploymentsCreateDeployment } = await import('@vercel/sdk/funcs/deploymentsCreateDeployment.js')
  // A custom environment is named by its own field; `target` then stays unset.
  const target = source.target === 'preview' || source.customEnvironmentId ? undefined : source.target
  const find = async () => {
    const found = await listDeployments(c, { projectIds: [source.projectId], since: Date.now() - 15 * 60_000, max: 200 })
    return found.find((d) => d.meta.rotationRun === meta.rotationRun && d.meta.rotationSource === source.id)
  }
  // The create may have happened although the answer was lost: find it by this run's marker, never create twice.
  const lookup = async (err: VercelApiError) => {
    if (err.kind !== 'transport') return find() // a 5xx answer: the server is done with the request
    // A timeout or a dropped connection: the request may still be in Vercel's hands. Look for as long as it
    // was given, and if it never shows, do not send it again: a re-run resumes safely, a duplicate cannot be undone.
    const until = c.policy.now() + c.timeoutMs
    for (;;) {
      const found = await find()
      if (found) return found
      if (c.policy.now() >= until) break
      await c.policy.sleep(1_000, c.signal)
    }
    throw new VercelApiError(
      `Redeploy for project ${source.name}: the request got no answer and no new deployment appeared; it was not sent again, so that nothing is deployed twice. Re-run the job to resume.`,
      'http',
      'Redeploy',
    )
  }
  return c.call(
    'Redeploy',
    `project ${source.name}`,
    (o) =>
      deploymentsCreateDeployment(
        c.client,
        {
          forceNew: '1',
          ...c.scope,
          requestBody: {
            name: source.name,
            deploymentId: source.id,
            ...(target ? { target } : {}),
            ...(source.customEnvironmentId ? { customEnvironmentSlugOrId: source.customEnvironmentId } : {}),
            meta,
          },
        },
        options.staged ? { ...o, headers: { [STAGED_MARK]: '1' } } : o,
      ),
    lookup,
    (raw) => toDeployment(raw, { projectId: source.projectId, name: source.name }),
  )
}

export async function listDeployments(c: SdkClient, q: DeploymentQuery): Promise<Deployment[]> {
  const out: Deployment[] = []
  const max = q.max ?? Infinity
  // The whole team is one listing without a project filter; else batches of Vercel's 20 projects at most.
  const batches = q.wholeTeam
    ? [[]]
    : Array.from({ length: Math.ceil(q.projectIds.length / PROJECTS_PER_LIST) }, (_, i) =>
        q.projectIds.slice(i * PROJECTS_PER_LIST, (i + 1) * PROJECTS_PER_LIST),
      )
  for (const ids of batches) {
    let until: number | undefined = q.until
    for (;;) {
      const body = await c.call('List deployments', q.wholeTeam ? `team ${c.teamName()}` : `${ids.length} project(s)`, (o) =>
        deploymentsGetDeployments(
          c.client,
          {
            ...(ids.length === 0 ? {} : ids.length === 1 ? { projectId: ids[0] } : { projectIds: ids }),
            ...(q.since !== undefined ? { since: q.since } : {}),
            ...(until !== undefined ? { until } : {}),
            ...(q.target ? { target: q.target } : {}),
            ...(q.states ? { state: q.states.join(',') } : {}),
            limit: PAGE,
            ...c.scope,
          },
          o,
        ),
      )
      for (const d of body.deployments as unknown[]) out.push(toDeployment(d))
      const next = body.pagination?.next
      if (!next || body.deployments.length === 0 || out.length >= max) break
      until = next
    }
    if (out.length >= max) break
  }
  return out
}

/** Vercel answers 201, or 202 when it queued the promotion behind the project's active rolling release. */
export async function promote(c: SdkClient, projectId: string, deploymentId: string): Promise<{ queued: boolean }> {
  return c.call('Promote', `project ${projectId}`, async (o) => {
    // The SDK returns nothing for either status: the answer's status is read beside it.
    const [result, call] = await projectsRequestPromote(c.client, { projectId, deploymentId, ...c.scope }, o).$inspect()
    return result.ok ? { ok: true as const, value: { queued: call.response?.status === 202 } } : result
  })
}

export async function rollback(c: SdkClient, projectId: string, deploymentId: string): Promise<void> {
  const { projectsRequestRollback } = await import('@vercel/sdk/funcs/projectsRequestRollback.js')
  await c.call('Instant Rollback', `project ${projectId}`, (o) => projectsRequestRollback(c.client, { projectId, deploymentId, ...c.scope }, o))
}

export async function deploymentAt(c: SdkClient, host: string): Promise<Deployment | undefined> {
  const { deploymentsGetDeployment } = await import('@vercel/sdk/funcs/deploymentsGetDeployment.js')
  try {
    const body = await c.call('Read deployment', `domain ${host}`, (o) => deploymentsGetDeployment(c.client, { idOrUrl: host, ...c.scope }, o))
    return toDeployment(body)
  } catch (err) {
    if (err instanceof VercelApiError && err.status === 404) return undefined
    throw err
  }
}
