/** The outputs and the job summary of mode: gate, from one GateResult. Pure, like the rotation's. */
import type { GateResult, Leg } from '../gate/verdict.js'
import type { Outputs } from './outputs.js'
import { cell, count, duration, inline, utc } from './format.js'

export function gateOutputsOf(g: GateResult | undefined): Outputs {
  return {
    'safe-to-revoke': g?.safeToRevoke ? 'true' : 'false',
    'revoke-after': g?.safeToRevoke ? (g.revokeAfter ?? '') : '',
    'rotated-at': JSON.stringify(g?.rotatedAt ?? {}),
    projects: JSON.stringify(
      (g?.legs ?? []).flatMap((l) => (l.file?.projects ?? []).map((p) => ({ team: l.team, name: p.name, id: p.id, status: p.status }))),
    ),
    'failed-projects': (g?.failedProjects ?? []).join(','),
  }
}

/** `3 redeployed · 1 failed`: each status of the leg's projects counted. */
function counts(l: Leg): string {
  const by = new Map<string, number>()
  for (const p of l.file?.projects ?? []) by.set(p.status, (by.get(p.status) ?? 0) + 1)
  return [...by].map(([status, n]) => `${n} ${status}`).join(' · ') || '—'
}

function runLink(l: Leg, server: string): string {
  const r = l.file?.run
  if (!r?.runId) return '—'
  const label = `run ${r.runId}${r.runAttempt > 1 ? `, attempt ${r.runAttempt}` : ''}`
  return r.repository ? `[${label}](${server}/${r.repository}/actions/runs/${r.runId}/attempts/${r.runAttempt})` : label
}

export interface GateSummaryInput {
  gate?: GateResult
  error?: string
  serverUrl?: string
  elapsedMs?: number
}

export function renderGateSummary({ gate, error, serverUrl = 'https://github.com', elapsedMs }: GateSummaryInput): string {
  const safe = gate?.safeToRevoke === true
  const legs = gate?.legs ?? []
  const keys = [...new Set(legs.flatMap((l) => l.file?.keys ?? []))]
  const lines = [`## Rotate Vercel Secret gate: ${keys.length ? keys.map((k) => `\`${inline(k)}\``).join(', ') : '(no legs read)'}`]
  lines.push('', `### ${safe ? '✅' : '❌'} safe-to-revoke: \`${safe}\``, '')
  if (safe) {
    lines.push(
      `Every leg is safe to revoke. Revoke the old credential${gate.revokeAfter ? ` after \`${gate.revokeAfter}\`` : ''}, once each verify leg passed.`,
    )
  } else if (error) {
    lines.push(
      `**${inline(error.split('\n')[0]!)}**`,
      ...error
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((l) => `- ${inline(l.replace(/^\s*-\s*/, ''))}`),
    )
  } else {
    lines.push('**Keep the old credential valid.** Fix or re-run the legs marked below, then run the gate again.')
  }
  const attention = legs.filter((l) => l.problems.length > 0)
  if (legs.length) {
    lines.push(
      '',
      `**${legs.length - attention.length} of ${count(legs.length, 'leg')} safe**${elapsedMs !== undefined ? ` · ⏱️ ${duration(elapsedMs)}` : ''}`,
    )
    lines.push('', '| Leg | Result | Projects | Rotated at | Run |', '|---|---|---|---|---|')
    for (const l of [...attention, ...legs.filter((x) => x.problems.length === 0)]) {
      const result = l.problems.length ? `❌ ${l.problems.join('; ')}` : `✅ ${l.file?.mode ?? ''}`
      const at = l.file?.rotatedAt ? utc(l.file.rotatedAt) : '—'
      lines.push(`| ${cell(l.team || '(no team)')} | ${cell(result)} | ${cell(counts(l))} | ${at} | ${runLink(l, serverUrl)} |`)
    }
  }
  if (gate?.unreadable.length) {
    lines.push('', '#### Files that name no leg', '', ...gate.unreadable.map((u) => `- \`${inline(u.path)}\` ${inline(u.reason)}`))
  }
  lines.push('', '<sub>Rotate Vercel Secret · mode gate · no Vercel request was made · No values are shown.</sub>')
  return lines.join('\n') + '\n'
}
