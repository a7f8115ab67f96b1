/** The text a reader sees in rendered summary HTML: tags dropped, line breaks kept, entities decoded. */
export const text = (html: string): string =>
  html
    .replace(/<br>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim()

export interface Table {
  header: string[]
  rows: string[][]
  /** Where the table starts in the HTML. */
  at: number
  folded: boolean
}

/** Every table of rendered HTML: its header as text, its rows as cell HTML, and whether a fold holds it. */
export function tablesOf(html: string): Table[] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => {
    const rows = [...m[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!))
    const before = html.slice(0, m.index)
    return { header: rows[0]!.map(text), rows: rows.slice(1), at: m.index, folded: before.lastIndexOf('<details') > before.lastIndexOf('</details>') }
  })
}
