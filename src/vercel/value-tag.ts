/**
 * A tag of the values one write put into Vercel, keyed with the Vercel token. Sensitive values cannot be read
 * back, so a re-run compares this tag, kept in its redeploys' meta, to tell whether Vercel already holds exactly
 * the values it was given. Without the token nobody can compute a tag, so nobody can test guesses of a value
 * against one (whoever holds the token can deploy code that reads the value anyway). The message binds each
 * value to its record and key, and the whole to the workflow run, so two records or two runs holding the same
 * value never show equal tags.
 */
import { createHmac } from 'node:crypto'
import type { TaggedValue } from './port.js'

const DOMAIN = 'rotate-vercel-secret/v1'
/** 128 bits: 22 base64url characters, shorter than meta values already sent (the run's URL). */
const TAG_BYTES = 16

/** HMAC-SHA256 over the records in a stable order, each field JSON-encoded so no two inputs share a message. */
export function valueTag(token: string, runId: string, values: readonly TaggedValue[]): string {
  const at = (v: TaggedValue) => JSON.stringify([v.recordId, v.key])
  const records = [...values].sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0)).map((v) => [v.recordId, v.key, v.value])
  const message = `${DOMAIN}\0${JSON.stringify([runId, records])}`
  return createHmac('sha256', token).update(message, 'utf8').digest().subarray(0, TAG_BYTES).toString('base64url')
}
