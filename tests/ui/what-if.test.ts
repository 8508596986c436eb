import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTrace } from '../../src/trace/parse.ts'
import type { Trace } from '../../src/trace/schema.ts'
import { framesFromTrace } from '../../src/ui/session/trace-frames.ts'
import { describeFault, whatIfPoint } from '../../src/ui/session/what-if.ts'

const framesOf = (id: string) => {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${id}.json`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join())
  return framesFromTrace(parsed.trace as Trace)
}
const isJoin = (frame: ReturnType<typeof framesOf>[number]) =>
  frame.kind === 'exchange' && frame.exchange.request.url.includes('/EnrollmentServer/device/')

describe('where a what-if strikes', () => {
  it('is the next named exchange after the cursor, with the faults that fit it', () => {
    const frames = framesOf('aadj-managed-happy')
    const join = frames.findIndex(isJoin)
    const point = whatIfPoint(frames, join - 1, 'aadj-managed')
    expect(point).toMatchObject({ exchange: 'drs.join', title: 'Device registration', from: 0 })
    expect(point?.faults.map((fault) => fault.name)).toContain('drs.join:quota')
    expect(whatIfPoint(frames, -1, 'aadj-managed')?.exchange).toBe('aad.openid')
    // Standing on an exchange, the next one is the one after it.
    expect(whatIfPoint(frames, join, 'aadj-managed')).toBeUndefined()
    expect(whatIfPoint(frames, frames.length - 1, 'aadj-managed')).toBeUndefined()
  })

  it('counts the tries before it, so a fault chosen at a retry hits that try and those after', () => {
    const frames = framesOf('aadj-managed-drs-busy-at-join')
    const joins = frames.flatMap((frame, index) => (isJoin(frame) ? [index] : []))
    expect(joins).toHaveLength(3)
    expect(whatIfPoint(frames, joins[1]! - 1, 'aadj-managed')).toMatchObject({
      exchange: 'drs.join',
      from: 1,
    })
    expect(whatIfPoint(frames, joins[2]! - 1, 'aadj-managed')).toMatchObject({
      exchange: 'drs.join',
      from: 2,
    })
  })

  it('offers no device quota where no user joins (hybrid federated), and says what each fault does', () => {
    const frames = framesOf('haadj-federated-happy')
    const join = frames.findIndex(isJoin)
    const point = whatIfPoint(frames, join - 1, 'haadj-federated')!
    expect(point.exchange).toBe('drs.join')
    expect(point.faults.map((fault) => fault.name)).not.toContain('drs.join:quota')
    expect(point.faults.map(describeFault)).toEqual([
      'answers 503: unavailable',
      'answers 500: server error',
      'drops the connection: no answer',
      "a proxy's page instead of the answer",
      'the answer cut off halfway',
      'answers 8 s late',
      'answers 45 s late',
      'its clock 2 h ahead',
      'its clock 2 h behind',
    ])
  })
})
