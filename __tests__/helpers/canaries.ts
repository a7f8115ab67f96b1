/** Values that must never appear in anything the action prints or writes. */
export const CANARY_TOKEN = 'test-token-canary-9c1f0b7d2e'
export const CANARY_VALUE = 'postgres://rotated:canary-4e9a71d3c5@db.example/app'
/** previous-value: the value the variable held before, written back after a failed rotation; a secret like the value. */
export const CANARY_PREVIOUS = 'postgres://previous:canary-b83f26e0a1@db.example/app'
export const CANARIES = [CANARY_TOKEN, CANARY_VALUE, 'canary-4e9a71d3c5', CANARY_PREVIOUS, 'canary-b83f26e0a1']
