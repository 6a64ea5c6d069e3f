import { describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock.js';
import { credentialFields } from './credential.js';
import { CLOCK_STEP_BACK_TOLERANCE_US, createEmitter, EventValidationError } from './emitter.js';
import { parseLine } from './rfc5424/parse.js';

function setup(startMs = Date.UTC(2026, 4, 10, 12, 0, 1)) {
  const lines: string[] = [];
  const clock = new ManualClock(startMs);
  const emit = createEmitter({
    sink: { append: (l) => lines.push(l) },
    clock,
    decky: 'decky-01',
    service: 'ssh',
  });
  return { lines, clock, emit };
}

function parsed(line: string) {
  const r = parseLine(line);
  if (!r.ok) throw new Error(r.error.message);
  return r.record;
}

describe('createEmitter', () => {
  it('appends one line per event with the catalogue severity, decky and service', () => {
    const { lines, emit } = setup();
    const line = emit('auth_attempt', {
      username: 'root',
      ...credentialFields({ principal: 'root', secret: 'toor' }),
      src_ip: '203.0.113.9',
      src_port: 51544,
    });
    expect(lines).toEqual([line]);
    expect(parsed(line)).toMatchObject({
      timestamp: '2026-05-10T12:00:01.000000Z',
      severity: 6,
      facility: 16,
      decky: 'decky-01',
      service: 'ssh',
      procid: null,
      eventType: 'auth_attempt',
      fields: { username: 'root', principal: 'root', secret_b64: 'dG9vcg==', src_port: '51544' },
      attackerIp: '203.0.113.9',
    });
  });

  it('takes a MSG and a severity by name or number', () => {
    const { emit } = setup();
    const a = parsed(emit('connect', { src_ip: '192.0.2.1' }, { msg: 'hello', severity: 'warning' }));
    expect(a.msg).toBe('hello');
    expect(a.severity).toBe(4);
    expect(parsed(emit('connect', { src_ip: '192.0.2.1' }, { severity: 2 })).severity).toBe(2);
  });

  it('keeps events in one millisecond strictly ordered, a microsecond apart', () => {
    const { emit } = setup();
    const ts = [0, 1, 2].map(() => parsed(emit('connect', { src: '192.0.2.1' })).timestamp);
    expect(ts).toEqual([
      '2026-05-10T12:00:01.000000Z',
      '2026-05-10T12:00:01.000001Z',
      '2026-05-10T12:00:01.000002Z',
    ]);
  });

  it('uses the clock again once it moves past the last timestamp', async () => {
    const { emit, clock } = setup();
    emit('connect', { src: '192.0.2.1' });
    await clock.advance(2);
    expect(parsed(emit('connect', { src: '192.0.2.1' })).timestamp).toBe('2026-05-10T12:00:01.002000Z');
  });

  it('holds order through a small clock step back, and follows a large one', () => {
    let now = Date.UTC(2026, 4, 10, 12, 0, 1);
    const lines: string[] = [];
    const emit = createEmitter({
      sink: { append: (l) => lines.push(l) },
      clock: { now: () => now },
      decky: 'd',
      service: 's',
    });
    emit('connect', { src: '192.0.2.1' });
    now -= 5;
    expect(parsed(emit('connect', { src: '192.0.2.1' })).timestamp).toBe('2026-05-10T12:00:01.000001Z');
    now -= CLOCK_STEP_BACK_TOLERANCE_US / 1000 + 1;
    expect(parsed(emit('connect', { src: '192.0.2.1' })).timestamp).toBe('2026-05-10T11:59:59.994000Z');
  });

  it('throws a clear error naming the event and field when a service passes bad fields', () => {
    const { emit, lines } = setup();
    expect(() => emit('connect', { src_ip: '192.0.2.1', src_port: 99999 })).toThrow(
      /cannot emit connect from service ssh: field src_port: must be a port number/,
    );
    expect(() => emit('connect', { src_port: 22 })).toThrow(/field src_ip: the event must name the attacker/);
    expect(lines).toEqual([]);
  });

  it('still rejects a bad value after accepting a good one for the same field', () => {
    const { emit, lines } = setup();
    emit('connect', { src_ip: '192.0.2.1', src_port: 22 });
    expect(() => emit('connect', { src_ip: '192.0.2.1', src_port: 99999 })).toThrow(/field src_port/);
    // @ts-expect-error -- null is not a value a field takes
    expect(() => emit('connect', { src_ip: null, src: '192.0.2.1' })).toThrow(/field src_ip/);
    expect(() => emit('connect', { src_ip: '192.0.2.300' })).toThrow(/field src_ip: must be an IP/);
    expect(lines).toHaveLength(1);
  });

  it('rejects unknown event types and params at compile time and at run time', () => {
    const { emit } = setup();
    // @ts-expect-error: not an event of the catalogue
    expect(() => emit('made_up', { src: '192.0.2.1' })).toThrow(EventValidationError);
    // @ts-expect-error: not a param of connect
    expect(() => emit('connect', { src: '192.0.2.1', colour: 'red' })).toThrow(/field colour: not a param/);
    // @ts-expect-error: cmd is required for command
    expect(() => emit('command', { src: '192.0.2.1' })).toThrow(/field cmd/);
  });
});
