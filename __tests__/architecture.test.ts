/**
 * The rooms of src/ and what each may import: no import cycle anywhere, and the core (rotation, vercel, report, audit)
 * never imports the shell (inputs, main, index) or the runner's toolkit. Read from the TypeScript imports.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(import.meta.dirname, '../src')

/** Every .ts file under a folder, as paths relative to src/. */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [relative(SRC, join(dir, e.name))] : [],
  )
}

/** What a file imports: relative imports as src/ paths (type-only ones too), packages by name. */
export function importsOf(file: string, text: string): { local: string[]; packages: string[] } {
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!)
  const local = specifiers.filter((s) => s.startsWith('.')).map((s) => relative(SRC, resolve(SRC, dirname(file), s)).replace(/\.js$/, '.ts'))
  return { local, packages: specifiers.filter((s) => !s.startsWith('.')) }
}

/** Each import cycle once, as the files around it. */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = []
  const seen = new Set<string>()
  const visit = (file: string, path: string[]) => {
    const at = path.indexOf(file)
    if (at >= 0) return void cycles.push([...path.slice(at), file])
    if (seen.has(file)) return
    seen.add(file)
    for (const next of graph.get(file) ?? []) visit(next, [...path, file])
  }
  for (const file of [...graph.keys()].sort()) visit(file, [])
  return cycles
}

/** Files of the core that import the shell or the runner's toolkit, with what they import. */
export function shellImports(files: Map<string, { local: string[]; packages: string[] }>): string[] {
  const core = /^(rotation|vercel|report|audit)\//
  const shell = /^(inputs\.ts|inputs\/|main\.ts|index\.ts)/
  return [...files].flatMap(([file, i]) =>
    core.test(file)
      ? [...i.local.filter((l) => shell.test(l)), ...i.packages.filter((p) => p.startsWith('@actions/'))].map((x) => `${file} imports ${x}`)
      : [],
  )
}

const files = new Map(sources().map((f) => [f, importsOf(f, readFileSync(join(SRC, f), 'utf8'))]))

describe('the rooms of src/', () => {
  it('have no import cycle', () => {
    const graph = new Map([...files].map(([f, i]) => [f, i.local]))
    expect(cyclesOf(graph).map((c) => c.join(' -> '))).toEqual([])
  })

  it('the core never imports the shell or @actions/*', () => {
    expect(shellImports(files)).toEqual([])
  })

  it('the checks see a violation: a cycle, and a core file importing the shell', () => {
    const cyclic = new Map([
      ['rotation/a.ts', ['rotation/b.ts']],
      ['rotation/b.ts', ['rotation/c.ts']],
      ['rotation/c.ts', ['rotation/a.ts']],
    ])
    expect(cyclesOf(cyclic).map((c) => c.join(' -> '))).toEqual(['rotation/a.ts -> rotation/b.ts -> rotation/c.ts -> rotation/a.ts'])
    const leaky = new Map([
      ['report/x.ts', importsOf('report/x.ts', "import type { ShellSettings } from '../inputs.js'\nimport * as core from '@actions/core'\n")],
    ])
    expect(shellImports(leaky)).toEqual(['report/x.ts imports inputs.ts', 'report/x.ts imports @actions/core'])
  })
})
