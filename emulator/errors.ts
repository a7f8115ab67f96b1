/**
 * Vercel answers every failure with `{ "error": { "code", "message", ...extra } }`; the state model throws
 * ApiError so the same rule produces the same answer whether it is hit over HTTP or from a test.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }

  body(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.extra } }
  }
}

export const badRequest = (message: string, extra?: Record<string, unknown>): ApiError => new ApiError(400, 'bad_request', message, extra)

export const notFound = (message: string, extra?: Record<string, unknown>): ApiError => new ApiError(404, 'not_found', message, extra)

export const forbidden = (message: string, extra?: Record<string, unknown>): ApiError => new ApiError(403, 'forbidden', message, extra)
