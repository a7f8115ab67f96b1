/** Unwraps a standalone SDK function's Result, failing the test with the SDK's error (validation included). */
import { expect } from 'vitest'

export type Result<T> = { ok: true; value: T } | { ok: false; error: unknown }

export function ok<T>(result: Result<T>): T {
  if (!result.ok) expect.fail(`expected ok, got ${String(result.error)}`)
  return result.value
}
