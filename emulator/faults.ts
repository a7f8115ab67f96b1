/**
 * Failures a test arms before exercising the client: error statuses, dropped connections, slow answers, and
 * "the write happened but the answer was lost" (apply-then-status), which is what makes a create ambiguous.
 */

export type FaultAction =
  | { kind: 'status'; status: number; retryAfter?: number; body?: object }
  | { kind: 'reset' }
  | { kind: 'reset-mid-response' }
  | { kind: 'delay'; ms: number }
  | { kind: 'apply-then-status'; status: number; retryAfter?: number; body?: object }

export type FaultRule = FaultAction & {
  method?: string
  /** Exact request path, a route template such as `/v13/deployments/{idOrUrl}`, or a pattern on the path. */
  path?: string | RegExp
  /** How many matching requests the rule answers (default 1). */
  times?: number
  /** Matching requests to let through before the rule starts answering. */
  after?: number
}

/** A bare number is shorthand for `{ kind: 'status', status }`. */
export type FaultStep = number | FaultAction | { status: number; retryAfter?: number; body?: object }

export interface FaultRequest {
  method: string
  path: string
  template: string
}

interface ArmedRule {
  rule: FaultRule
  seen: number
  used: number
}

const toAction = (step: FaultStep): FaultAction =>
  typeof step === 'number' ? { kind: 'status', status: step } : 'kind' in step ? step : { kind: 'status', ...step }

export class Faults {
  private rules: ArmedRule[] = []
  private perRoute: { steps: FaultAction[]; counts: Map<string, number> } | undefined
  /** Number of requests a fault was applied to. */
  fired = 0

  add(rule: FaultRule): void {
    this.rules.push({ rule, seen: 0, used: 0 })
  }

  /** For every distinct route (method + template), the first requests get these answers, in order. */
  firstRequestsOfEachRoute(steps: readonly FaultStep[]): void {
    this.perRoute = { steps: steps.map(toAction), counts: new Map() }
  }

  clear(): void {
    this.rules = []
    this.perRoute = undefined
  }

  /** Decides the fault for one request, consuming it. */
  take(req: FaultRequest): FaultAction | undefined {
    let chosen: FaultAction | undefined
    for (const armed of this.rules) {
      if (!matches(armed.rule, req)) continue
      armed.seen++
      const { times = 1, after = 0 } = armed.rule
      if (chosen || armed.seen <= after || armed.used >= times) continue
      armed.used++
      chosen = armed.rule
    }
    if (!chosen && this.perRoute) {
      const key = `${req.method} ${req.template}`
      const n = this.perRoute.counts.get(key) ?? 0
      this.perRoute.counts.set(key, n + 1)
      chosen = this.perRoute.steps[n]
    }
    if (chosen) this.fired++
    return chosen
  }
}

function matches(rule: FaultRule, req: FaultRequest): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== req.method) return false
  if (rule.path === undefined) return true
  if (typeof rule.path === 'string') return rule.path === req.path || rule.path === req.template
  return rule.path.test(req.path)
}
