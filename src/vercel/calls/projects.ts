/** Projects: one read, the team's listing page by page, stores and their connections, and rolling releases. */
import { toListedProject, toProject, toRollingRelease, toStoreConnection } from '../wire.js'
import type { ListedProject, Project, RollingRelease, Store } from '../port.js'
import { PAGE, type SdkClient } from '../client.js'

export async function getProject(c: SdkClient, project: string): Promise<Project> {
  // Loaded when first needed: its response schema is large, and a run that stops at its inputs never pays for it.
  const { projectsGetProject } = await import('@vercel/sdk/funcs/projectsGetProject.js')
  const body = await c.call('Read project', `project ${project}`, (o) => projectsGetProject(c.client, { idOrName: project, ...c.scope }, o))
  const read = toProject(body)
  if (read.protectionBypass) c.onSecret(read.protectionBypass)
  return read
}

export async function* projectPages(c: SdkClient): AsyncGenerator<ListedProject[]> {
  // Loaded when first needed: the listing's response schema is as large as the project's.
  const { projectsGetProjects } = await import('@vercel/sdk/funcs/projectsGetProjects.js')
  let from: string | undefined
  for (;;) {
    const parsed = await c.call('List projects', `team ${c.teamName()}`, (o) =>
      projectsGetProjects(c.client, { limit: String(PAGE), ...(from !== undefined ? { from } : {}), ...c.scope }, o),
    )
    const raw = c.listingPages.get(from ?? '') as typeof parsed | undefined
    c.listingPages.delete(from ?? '')
    const body = raw && typeof raw === 'object' ? raw : parsed
    const page = ((Array.isArray(body) ? body : body.projects) ?? []) as unknown[]
    const listed = page.map(toListedProject)
    for (const p of listed) if (p.project?.protectionBypass) c.onSecret(p.project.protectionBypass)
    yield listed
    const next = Array.isArray(body) ? null : body.pagination?.next
    if (next === null || next === undefined || next === '' || page.length === 0) return
    from = String(next)
  }
}

export async function getStore(c: SdkClient, idOrName: string): Promise<Store> {
  const { storageGetStorageStoresById } = await import('@vercel/sdk/funcs/storageGetStorageStoresById.js')
  const body = await c.call('Read store', `store ${idOrName}`, (o) => storageGetStorageStoresById(c.client, { id: idOrName }, o))
  return { ref: idOrName, connections: ((body.store?.projectsMetadata ?? []) as unknown[]).map(toStoreConnection) }
}

export async function rollingRelease(c: SdkClient, projectId: string): Promise<RollingRelease | undefined> {
  const { rollingReleaseGetRollingRelease } = await import('@vercel/sdk/funcs/rollingReleaseGetRollingRelease.js')
  const body = await c.call('Read rolling release', `project ${projectId}`, (o) =>
    rollingReleaseGetRollingRelease(c.client, { idOrName: projectId, ...c.scope }, o),
  )
  return toRollingRelease(body)
}

export async function completeRollingRelease(c: SdkClient, projectId: string, canaryDeploymentId: string): Promise<void> {
  const { rollingReleaseCompleteRollingRelease } = await import('@vercel/sdk/funcs/rollingReleaseCompleteRollingRelease.js')
  await c.call('Complete rolling release', `project ${projectId}`, (o) =>
    rollingReleaseCompleteRollingRelease(c.client, { idOrName: projectId, ...c.scope, requestBody: { canaryDeploymentId } }, o),
  )
}
