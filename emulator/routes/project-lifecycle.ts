/** Creating, configuring and deleting a project: what a scratch project (`npm run conformance`) goes through. */
import { ApiError, badRequest } from '../errors.js'
import { objectBody, textField, type Route } from '../router.js'
import { projectView } from '../wire.js'

/** Vercel's project names: lowercase letters, digits, `.`, `_`, `-`, up to 100 characters, no `---`. */
const PROJECT_NAME = /^(?!.*---)[a-z0-9._-]{1,100}$/

function nonNegativeInt(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key]
  if (v === undefined) return undefined
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw badRequest(`Invalid request: \`${key}\` should be integer`)
  return v
}

export const projectLifecycleRoutes: Route[] = [
  {
    method: 'POST',
    template: '/v11/projects',
    bucket: 'projects',
    handle: ({ state, body, team }) => {
      const t = team()
      const name = textField(objectBody(body), 'name')
      if (!PROJECT_NAME.test(name)) {
        throw badRequest(
          "Project names can be up to 100 characters long and must be lowercase. They can include letters, digits, and the following characters: '.', '_', '-'. However, they cannot contain the sequence '---'.",
        )
      }
      if (state.projects(t.id).some((p) => p.name === name)) {
        throw new ApiError(409, 'conflict', `Project "${name}" already exists, please use a new name.`)
      }
      const project = state.addProject({ name, teamId: t.id })
      return { status: 200, body: projectView(project, t, { serving: undefined, latest: [] }, false, state.now()) }
    },
  },
  {
    method: 'PATCH',
    template: '/v9/projects/{idOrName}',
    bucket: 'projects',
    handle: ({ state, params, body, team }) => {
      const t = team()
      const project = state.project(params['idOrName'] ?? '', t.id)
      const o = objectBody(body)
      const maxAge = nonNegativeInt(o, 'skewProtectionMaxAge')
      const boundaryAt = nonNegativeInt(o, 'skewProtectionBoundaryAt')
      state.configure(project, {
        ...(maxAge !== undefined ? { skewProtectionMaxAge: maxAge } : {}),
        ...(boundaryAt !== undefined ? { skewProtectionBoundaryAt: boundaryAt } : {}),
      })
      project.updatedAt = state.now()
      const deployments = { serving: state.servingDeployment(project), latest: state.deployments(project).slice(0, 5) }
      return { status: 200, body: projectView(project, t, deployments, false, state.now()) }
    },
  },
  {
    method: 'DELETE',
    template: '/v9/projects/{idOrName}',
    bucket: 'projects',
    handle: ({ state, params, team }) => {
      state.deleteProject(params['idOrName'] ?? '', team().id)
      return { status: 204 }
    },
  },
]
