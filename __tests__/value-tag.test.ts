/** The value tag a re-run compares: keyed with the token, bound to its records, keys and run. */
import { describe, expect, it } from 'vitest'
import { valueTag } from '../src/vercel/value-tag.js'

describe('valueTag', () => {
  it('changes with the token, the value, the record, the key and the run; never with the order of the records', () => {
    const a = { recordId: 'env_a', key: 'K', value: 'v' }
    const b = { recordId: 'env_b', key: 'K', value: 'v' }
    const tag = valueTag('token-1', '1', [a, b])
    expect(tag).toMatch(/^[\w-]{22}$/)
    expect(valueTag('token-1', '1', [b, a])).toBe(tag)
    for (const other of [
      valueTag('token-2', '1', [a, b]),
      valueTag('token-1', '2', [a, b]),
      valueTag('token-1', '1', [a, { ...b, value: 'w' }]),
      valueTag('token-1', '1', [a, { ...b, recordId: 'env_c' }]),
      valueTag('token-1', '1', [a, { ...b, key: 'L' }]),
      valueTag('token-1', '1', [a]),
    ])
      expect(other).not.toBe(tag)
    // Two records holding the same value show different tags.
    expect(valueTag('token-1', '1', [a])).not.toBe(valueTag('token-1', '1', [b]))
    // Field boundaries cannot be shifted to forge a message.
    expect(valueTag('t', '1', [{ recordId: 'x', key: 'y\0z', value: 'v' }])).not.toBe(
      valueTag('t', '1', [{ recordId: 'x\0y', key: 'z', value: 'v' }]),
    )
  })
})
