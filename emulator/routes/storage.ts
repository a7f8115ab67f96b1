import type { Route } from '../router.js'
import { storeView } from '../stores.js'

/** The SDK spells the path without a version; the Vercel CLI (and the action) read `/v1/storage/stores/{id}`. */
export const storageRoutes: Route[] = ['/v1/storage/stores/{id}', '/storage/stores/{id}'].map((template) => ({
  method: 'GET',
  template,
  bucket: 'projects',
  handle: ({ state, params, team }) => {
    const store = state.stores.get(params['id'] ?? '', team().id)
    return { status: 200, body: storeView(store, (id) => state.project(id)) }
  },
}))
