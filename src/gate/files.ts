/**
 * Finds and reads the legs' result files: `results` is a directory, searched recursively (as
 * actions/download-artifact leaves one folder per artifact), or a glob with `*`, `**` and `?`. Only node:fs: Node
 * 20 has no fs.glob.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'

/** Every file under a directory, recursively, sorted. */
function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile())
    .sort()
}

/** A glob as a regular expression over `/`-separated paths: `**` crosses directories, `*` and `?` do not. */
export function globPattern(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!
    if (ch === '*' && glob[i + 1] === '*') {
      // `**/` matches no directory or any number of them.
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?'
        i += 2
      } else {
        re += '.*'
        i += 1
      }
    } else if (ch === '*') re += '[^/]*'
    else if (ch === '?') re += '[^/]'
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

/** The files `results` names, relative to `cwd` where they lie under it; an empty list when it matches nothing. */
export function findResultFiles(results: string, cwd: string = process.cwd()): string[] {
  const path = resolve(cwd, results)
  const stat = statSync(path, { throwIfNoEntry: false })
  if (stat?.isFile()) return [path]
  if (stat?.isDirectory()) return walk(path)
  if (!/[*?]/.test(results)) return []
  // The fixed part before the first wildcard is where the search starts.
  const posix = results.split(sep).join('/')
  const fixed = posix.slice(0, posix.search(/[*?]/))
  const base = resolve(cwd, fixed.includes('/') ? fixed.slice(0, fixed.lastIndexOf('/') + 1) : '.')
  if (!statSync(base, { throwIfNoEntry: false })?.isDirectory()) return []
  const pattern = globPattern(isAbsolute(results) ? posix : resolve(cwd, results).split(sep).join('/'))
  return walk(base).filter((f) => pattern.test(f.split(sep).join('/')))
}

/** A file as gate reads it: its text, or why it could not be read. */
export interface ReadFile {
  /** The path as shown in messages: relative to the working directory where it lies under it. */
  path: string
  text?: string
  error?: string
}

export function readResultFiles(files: string[], cwd: string = process.cwd()): ReadFile[] {
  return files.map((f) => {
    const rel = relative(cwd, f)
    const path = rel && !rel.startsWith('..') ? rel : f
    try {
      return { path, text: readFileSync(f, 'utf8') }
    } catch (err) {
      return { path, error: (err as Error).message }
    }
  })
}
