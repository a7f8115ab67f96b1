/** Vercel-looking IDs: a prefix and random letters and digits. */
import { randomBytes } from 'node:crypto'

export const randomId = (prefix: string, length = 24): string =>
  prefix +
  randomBytes(length)
    .toString('base64')
    .replace(/[^a-zA-Z0-9]/g, '')
    .slice(0, length)
