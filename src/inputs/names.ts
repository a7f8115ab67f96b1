/** The action's inputs by name, as action.yml declares them, and the raw strings the runner hands over. */
/** The names of every input in action.yml, in the order they are documented. */
export const INPUT_NAMES = [
  'vercel-token',
  'team',
  'scope',
  'projects',
  'store',
  'name',
  'value',
  'generate',
  'targets',
  'redeploy',
  'wait',
  'timeout-minutes',
  'mode',
  'rotated-at',
  'max-parallel',
  'create-if-missing',
  'type',
  'allow-whitespace',
  'api-url',
  'health-check',
  'on-unhealthy',
  'protection-bypass',
  'promote',
  'health-timeout-minutes',
  'canary',
  'rolling-release',
  'probe-auth',
  'previous-value',
  'max-age-days',
  'require-sensitive',
  'ignore',
  'results',
  'expect',
] as const
export type InputName = (typeof INPUT_NAMES)[number]
export type RawInputs = Partial<Record<InputName, string>>

export const STANDARD_TARGETS = ['production', 'preview', 'development'] as const
