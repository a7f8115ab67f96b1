/**
 * What is being rotated: one key or several that make up one credential, and where each new value comes from
 * (the `value` input, the step's environment, or generated here). The only place besides the shell's masking that
 * knows where values come from; the rest of the core asks `valueOf(key)` and never sees the source.
 */
import { randomBytes } from 'node:crypto'

export type Encoding = 'base64url' | 'base64' | 'hex'

/** `generate: base64url:32`: N random bytes in one encoding. */
export interface Generate {
  encoding: Encoding
  bytes: number
}

export const GENERATE_MIN_BYTES = 16
export const GENERATE_MAX_BYTES = 128

export type ValueSource = 'value' | 'environment' | 'generated' | 'none'

export interface Credential {
  /** The keys, in the order given; empty only for `store` with no `name` (every variable the store provides). */
  readonly keys: string[]
  readonly source: ValueSource
  /** The new value of one key; throws for a key the credential does not hold (a bug, never user input). */
  valueOf(key: string): string
  /** Whether every key has the value it held before (previous-value, or `<KEY>_PREVIOUS`): a failed rotation writes it back. */
  readonly hasPrevious: boolean
  /** The value one key held before; throws where none was given. */
  previousOf(key: string): string
}

/** With several keys, the step's environment variable that holds one key's previous value. */
export const previousVariable = (key: string): string => `${key}_PREVIOUS`

/** Parses `base64url:32`; a message naming what is expected otherwise. Never sees a secret. */
export function parseGenerate(text: string): Generate | string {
  const m = /^\s*(base64url|base64|hex)\s*:\s*(\d+)\s*$/.exec(text)
  const n = m ? Number(m[2]) : NaN
  if (!m || n < GENERATE_MIN_BYTES || n > GENERATE_MAX_BYTES) {
    return `generate: must be base64url:N, base64:N or hex:N with N random bytes from ${GENERATE_MIN_BYTES} to ${GENERATE_MAX_BYTES} (e.g. base64url:32); got ${JSON.stringify(text.slice(0, 40))}.`
  }
  return { encoding: m[1] as Encoding, bytes: n }
}

/** Problems with one value, naming where it came from and never quoting it. */
export function valueProblems(value: string, where: string, allowWhitespace: boolean): string[] {
  const problems: string[] = []
  if (!allowWhitespace) {
    if (/[\r\n]/.test(value)) {
      problems.push(
        `${where}: contains a line break. Remove it from the secret, or set allow-whitespace: true if the value really has several lines.`,
      )
    } else if (value !== value.trim()) {
      problems.push(
        `${where}: starts or ends with white space (a common copy-paste mistake). Fix the secret, or set allow-whitespace: true if it is intended.`,
      )
    } else if (/^(["']).*\1$/s.test(value) && value.length >= 2) {
      // Copied with the quotes of a .env file or a shell line: they would become part of the credential.
      problems.push(
        `${where}: is wrapped in quotes ("..." or '...'), a common copy mistake: the quotes would be written as part of the value. Remove them from the secret, or set allow-whitespace: true if they belong to the value.`,
      )
    }
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value))
    problems.push(`${where}: contains a control character. Check how the secret was saved.`)
  return problems
}

/** With several keys, each value is the step's environment variable of the same name. */
export function environmentValueProblems(keys: string[], env: NodeJS.ProcessEnv, allowWhitespace: boolean): string[] {
  return keys.flatMap((key) => {
    const v = env[key]
    if (v === undefined || v === '') {
      return [
        `name: ${key} has no new value. With several keys, set each one in the step's env from a secret, e.g. \`env: { ${key}: \${{ secrets.NEW_${key} }} }\`, and leave value empty.`,
      ]
    }
    return valueProblems(v, `env ${key}`, allowWhitespace)
  })
}

/**
 * With several keys, the previous values are all given or none: a rotation that could restore only some keys would
 * leave a credential of mixed parts. Never quotes a value.
 */
export function environmentPreviousProblems(keys: string[], env: NodeJS.ProcessEnv, allowWhitespace: boolean): string[] {
  const given = keys.filter((k) => env[previousVariable(k)])
  if (given.length === 0) return []
  const missing = keys.filter((k) => !env[previousVariable(k)])
  const problems = given.flatMap((k) => valueProblems(env[previousVariable(k)]!, `env ${previousVariable(k)}`, allowWhitespace))
  if (missing.length > 0) {
    problems.push(
      `previous-value: with several keys every key needs its previous value or none does; ${missing.map(previousVariable).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set in the step's env while ${given.map(previousVariable).join(', ')} ${given.length > 1 ? 'are' : 'is'}. Set each from the secret that still holds the old value, e.g. \`env: { ${previousVariable(missing[0]!)}: \${{ secrets.${missing[0]} }} }\`, or remove them all.`,
    )
  }
  return problems
}

/** The environment values of several keys (the new ones and the previous ones), each worth masking, and its lines. */
export function environmentSecrets(keys: string[], env: NodeJS.ProcessEnv): string[] {
  return [...keys, ...keys.map(previousVariable)].flatMap((key) => {
    const v = env[key]
    if (!v) return []
    return [v, v.trim(), ...v.split(/\r?\n/).filter((l) => l.trim().length >= 8)].map((s) => s.trim() || s)
  })
}

function generated(g: Generate): string {
  return randomBytes(g.bytes).toString(g.encoding)
}

export interface CredentialInput {
  keys: string[]
  value?: string
  generate?: Generate
  /** previous-value (one key); several keys read `<KEY>_PREVIOUS` from the environment. */
  previousValue?: string
}

/**
 * The credential of one run. Generated values are born here and handed to `onSecret` before anything else can
 * see them, so the shell masks them before any log line could carry them.
 */
export function credentialOf(input: CredentialInput, env: NodeJS.ProcessEnv, onSecret: (secret: string) => void): Credential {
  const values = new Map<string, string>()
  let source: ValueSource = 'none'
  if (input.generate) {
    source = 'generated'
    for (const key of input.keys) {
      const v = generated(input.generate)
      onSecret(v)
      values.set(key, v)
    }
  } else if (input.value !== undefined && input.value !== '') {
    source = 'value'
    for (const key of input.keys) values.set(key, input.value)
  } else if (input.keys.length > 1) {
    source = 'environment'
    for (const key of input.keys) {
      const v = env[key]
      if (v !== undefined && v !== '') values.set(key, v)
    }
  }
  const previous = new Map<string, string>()
  if (input.previousValue !== undefined && input.previousValue !== '') {
    for (const key of input.keys) previous.set(key, input.previousValue)
  } else if (input.keys.length > 1) {
    for (const key of input.keys) {
      const v = env[previousVariable(key)]
      if (v !== undefined && v !== '') previous.set(key, v)
    }
  }
  return {
    keys: [...input.keys],
    source,
    valueOf(key) {
      const v = values.get(key)
      if (v === undefined) throw new Error(`No new value for ${key}.`)
      return v
    },
    hasPrevious: input.keys.length > 0 && input.keys.every((k) => previous.has(k)),
    previousOf(key) {
      const v = previous.get(key)
      if (v === undefined) throw new Error(`No previous value for ${key}.`)
      return v
    },
  }
}
