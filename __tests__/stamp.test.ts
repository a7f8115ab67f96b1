/** The rotation stamp in a record's comment, and what each written record's comment becomes. Pure. */
import { describe, expect, it } from 'vitest'
import { commentBack, commentWrite, stampOf } from '../src/rotation/comments.js'
import { COMMENT_MAX, formatStamp, hasStamp, readStamp, stampedComment, userText, type Stamp } from '../src/rotation/stamp.js'
import type { RunContext } from '../src/rotation/types.js'

const AT = new Date('2026-12-06T03:35:53.789Z')
const STAMP: Stamp = { at: AT, repository: 'acme/web', runId: '123456', runAttempt: 1 }
const LINE = '[rotate-vercel-secret: rotated 2026-12-06T03:35:53Z by acme/web run 123456]'
const OLDER = '[rotate-vercel-secret: rotated 2026-09-01T10:00:00Z by acme/web run 99]'

describe('formatStamp', () => {
  it('writes the time to the second in UTC, the repository and the run', () => {
    expect(formatStamp(STAMP)).toBe(LINE)
  })

  it('adds the attempt from the second one on, and leaves `by` out for a run without repository or run ID', () => {
    expect(formatStamp({ ...STAMP, runAttempt: 3 })).toBe('[rotate-vercel-secret: rotated 2026-12-06T03:35:53Z by acme/web run 123456/3]')
    expect(formatStamp({ at: AT })).toBe('[rotate-vercel-secret: rotated 2026-12-06T03:35:53Z]')
    expect(formatStamp({ at: AT, repository: 'acme/web' })).toBe('[rotate-vercel-secret: rotated 2026-12-06T03:35:53Z]')
  })
})

describe('readStamp', () => {
  it('reads back what formatStamp wrote, wherever it stands in the comment', () => {
    expect(readStamp(`Primary database ${LINE}`)).toEqual({
      at: new Date('2026-12-06T03:35:53Z'),
      repository: 'acme/web',
      runId: '123456',
      runAttempt: 1,
    })
    expect(readStamp(`${formatStamp({ ...STAMP, runAttempt: 2 })} then text`)).toMatchObject({ runAttempt: 2 })
    expect(readStamp(formatStamp({ at: AT }))).toEqual({ at: new Date('2026-12-06T03:35:53Z') })
  })

  it('takes the newest of several stamps, whatever their order', () => {
    expect(readStamp(`${LINE} ${OLDER}`)?.at).toEqual(new Date('2026-12-06T03:35:53Z'))
    expect(readStamp(`${OLDER} ${LINE}`)?.runId).toBe('123456')
  })

  it('finds none in no comment, in plain text, or in a stamp whose date does not exist', () => {
    expect(readStamp(undefined)).toBeUndefined()
    expect(readStamp('rotated by hand in March')).toBeUndefined()
    // Date would roll these over into March 2 and January of the next year.
    expect(readStamp('[rotate-vercel-secret: rotated 2026-02-30T00:00:00Z]')).toBeUndefined()
    expect(readStamp('[rotate-vercel-secret: rotated 2026-13-01T00:00:00Z]')).toBeUndefined()
    expect(readStamp('[rotate-vercel-secret: rotated 2026-12-06T25:00:00Z]')).toBeUndefined()
  })
})

describe('userText', () => {
  it('takes every stamp out and keeps the rest as written', () => {
    expect(userText(`Primary database, owner: db-team ${LINE}`)).toBe('Primary database, owner: db-team')
    expect(userText(`${OLDER} Primary database ${LINE}`)).toBe('Primary database')
    expect(userText(`line one\nline two ${LINE}`)).toBe('line one\nline two')
    expect(userText(LINE)).toBe('')
    expect(userText(undefined)).toBe('')
  })

  it('hasStamp tells a comment with a stamp from one without', () => {
    expect(hasStamp(`text ${LINE}`)).toBe(true)
    expect(hasStamp('[rotate-vercel-secret: rotated 2026-02-30T00:00:00Z]')).toBe(true)
    expect(hasStamp('text')).toBe(false)
    expect(hasStamp(undefined)).toBe(false)
  })
})

describe('stampedComment', () => {
  it('puts the stamp after the user text, and alone where there is none', () => {
    expect(stampedComment('Primary database', STAMP)).toEqual({ comment: `Primary database ${LINE}`, stamped: true })
    expect(stampedComment(undefined, STAMP)).toEqual({ comment: LINE, stamped: true })
    expect(stampedComment('   ', STAMP)).toEqual({ comment: LINE, stamped: true })
  })

  it('replaces an earlier stamp: exactly one stamp, the newer time', () => {
    const { comment } = stampedComment(`Primary database ${OLDER}`, STAMP)
    expect(comment).toBe(`Primary database ${LINE}`)
    expect(comment.match(/\[rotate-vercel-secret:/g)).toHaveLength(1)
    // Stamped twice over: still one.
    expect(stampedComment(`${OLDER} Primary ${OLDER}`, STAMP).comment).toBe(`Primary ${LINE}`)
  })

  it('stamps a comment that fits exactly, and keeps the user text alone, with the reason, one character past it', () => {
    const room = COMMENT_MAX - LINE.length - 1
    expect(stampedComment('x'.repeat(room), STAMP)).toEqual({ comment: `${'x'.repeat(room)} ${LINE}`, stamped: true })
    expect(stampedComment('x'.repeat(room), STAMP).comment).toHaveLength(COMMENT_MAX)
    const full = stampedComment(`${'x'.repeat(room + 1)} ${OLDER}`, STAMP)
    expect(full).toEqual({
      comment: 'x'.repeat(room + 1),
      stamped: false,
      reason: `comment full: ${room + 1} of 500 characters are the comment's own text, and the stamp needs ${LINE.length + 1}`,
    })
  })

  it('never writes a comment over Vercel’s limit from a text within it, whatever its length', () => {
    for (let n = 0; n <= COMMENT_MAX; n++) {
      const out = stampedComment('y'.repeat(n), { ...STAMP, runAttempt: 12 })
      expect(out.comment.length).toBeLessThanOrEqual(COMMENT_MAX)
      expect(out.stamped).toBe(n + 1 + formatStamp({ ...STAMP, runAttempt: 12 }).length <= COMMENT_MAX)
    }
  })
})

const RUN: RunContext = { repository: 'acme/web', runId: '123456', runAttempt: 1, invocation: 'x' }

describe('the comment written with a value', () => {
  it('stampOf takes the repository, the run and the attempt from the run, the time from the clock', () => {
    expect(stampOf({ ...RUN, runAttempt: 2 }, AT.getTime())).toEqual({ at: AT, repository: 'acme/web', runId: '123456', runAttempt: 2 })
    expect(formatStamp(stampOf({ runAttempt: 1, invocation: 'local' }, AT.getTime()))).toBe('[rotate-vercel-secret: rotated 2026-12-06T03:35:53Z]')
  })

  it('sends the stamped comment; a full one is sent only to take an old stamp out, and otherwise left exactly as it is', () => {
    expect(commentWrite('Primary database', STAMP)).toEqual({ comment: `Primary database ${LINE}`, send: `Primary database ${LINE}` })
    const text = 'z'.repeat(480)
    expect(commentWrite(`${text} ${OLDER}`, STAMP)).toEqual({
      comment: text,
      send: text,
      unstamped: expect.stringMatching(/^comment full: 480 of 500/),
    })
    // Untouched, even its own surrounding space: Vercel took it once, and nothing in it needs changing.
    expect(commentWrite(` ${text} `, STAMP)).toEqual({ comment: ` ${text} `, unstamped: expect.stringMatching(/^comment full: 480 of 500/) })
  })

  it('commentBack restores what this run changed, leaves the rest, and takes an earlier attempt’s stamp out', () => {
    // Changed by this attempt: back as it was, also when that was nothing.
    expect(commentBack(`Primary ${OLDER}`, `Primary ${LINE}`, RUN)).toBe(`Primary ${OLDER}`)
    expect(commentBack(undefined, LINE, RUN)).toBe('')
    // Not changed by this attempt: left as it is.
    expect(commentBack('z'.repeat(480), undefined, RUN)).toBeUndefined()
    // An earlier attempt of this run stamped it (the plan read that comment): its stamp claims the undone rotation.
    const attempt1 = `Primary ${formatStamp({ ...STAMP, at: new Date('2026-12-06T03:00:00Z') })}`
    expect(commentBack(attempt1, `Primary ${LINE}`, { ...RUN, runAttempt: 2 })).toBe('Primary')
    expect(commentBack(attempt1, undefined, { ...RUN, runAttempt: 2 })).toBe('Primary')
    // Another run's stamp is the rotation the previous value came from: it stays.
    expect(commentBack(`Primary ${OLDER}`, `Primary ${LINE}`, { ...RUN, runAttempt: 2 })).toBe(`Primary ${OLDER}`)
    expect(commentBack(`Primary ${LINE}`, undefined, { ...RUN, repository: 'acme/other' })).toBeUndefined()
  })
})
