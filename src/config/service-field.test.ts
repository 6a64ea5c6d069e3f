import { describe, expect, it } from 'vitest';
import {
  coerceServiceConfig,
  coerceServiceValue,
  type RawServiceValue,
  ServiceConfigError,
  type ServiceConfigField,
  type ServiceFieldType,
  serviceConfigFieldSchema,
} from './service-field.js';

function field(type: ServiceFieldType, extra: Partial<ServiceConfigField> = {}): ServiceConfigField {
  return serviceConfigFieldSchema.parse({ key: 'knob', label: 'Knob', type, ...extra });
}

function errorOf(fn: () => unknown): ServiceConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ServiceConfigError) return err;
    throw err;
  }
  throw new Error('expected a ServiceConfigError');
}

const HTTP_VERSIONS = { enum: ['h1.1', 'h2'] };
const MTA = { enum: ['postfix', 'exim', 'sendmail'] };

describe('coerceServiceValue accepts (DECNET _coerce rules)', () => {
  it.each<[ServiceFieldType, Partial<ServiceConfigField>, RawServiceValue, unknown]>([
    ['string', {}, 'nginx/1.18.0', 'nginx/1.18.0'],
    ['string', {}, '', ''],
    ['string', {}, 42, '42'],
    ['string', {}, true, 'true'],
    ['password', {}, 'hunter2', 'hunter2'],
    ['textarea', {}, 'line 1\nline 2', 'line 1\nline 2'],
    ['textarea', {}, 'b64:PGgxPkhpPC9oMT4=', '<h1>Hi</h1>'],
    ['textarea', {}, 'b64:w6k=', 'é'],
    ['textarea', {}, 'b64:', ''],
    ['textarea', {}, 'B64:not decoded', 'B64:not decoded'],
    ['int', {}, '42', 42],
    ['int', {}, ' 42 ', 42],
    ['int', {}, '+7', 7],
    ['int', {}, '-7', -7],
    ['int', {}, '007', 7],
    ['int', {}, '1_000', 1000],
    ['int', {}, '-0', 0],
    ['int', {}, 4.9, 4],
    ['int', {}, -4.9, -4],
    ['int', {}, true, 1],
    ['int', {}, false, 0],
    ['int', { min: 1, max: 65535 }, '1', 1],
    ['int', { min: 1, max: 65535 }, '65535', 65535],
    ['bool', {}, true, true],
    ['bool', {}, false, false],
    ['bool', {}, 'true', true],
    ['bool', {}, 'TRUE', true],
    ['bool', {}, '1', true],
    ['bool', {}, 'yes', true],
    ['bool', {}, 'On', true],
    ['bool', {}, 'false', false],
    ['bool', {}, '0', false],
    ['bool', {}, 'No', false],
    ['bool', {}, 'off', false],
    ['enum', MTA, 'exim', 'exim'],
    ['enum', {}, 'anything', 'anything'],
    ['enum', { enum: [] }, 'anything', 'anything'],
    ['enum', { enum: ['1', '2'] }, 2, '2'],
    ['multi_enum', HTTP_VERSIONS, ['h2'], ['h2']],
    ['multi_enum', HTTP_VERSIONS, ['h2', 'h1.1', 'h2'], ['h2', 'h1.1']],
    ['multi_enum', HTTP_VERSIONS, 'h1.1,h2', ['h1.1', 'h2']],
    ['multi_enum', HTTP_VERSIONS, ' h2 , h1.1 , h2 ', ['h2', 'h1.1']],
    ['multi_enum', {}, 'x,y', ['x', 'y']],
  ])('%s %j: %j → %j', (type, extra, raw, expected) => {
    expect(coerceServiceValue(field(type, extra), raw)).toEqual(expected);
  });
});

describe('coerceServiceValue refuses, naming the field', () => {
  it.each<[ServiceFieldType, Partial<ServiceConfigField>, RawServiceValue, string]>([
    ['string', {}, ['a'], 'knob: expected a single value, got a list'],
    ['textarea', {}, 'b64:***', 'knob: malformed b64: payload: not strict base64'],
    ['textarea', {}, 'b64:YQ', 'knob: malformed b64: payload: not strict base64'],
    ['textarea', {}, 'b64:YWJj\n', 'knob: malformed b64: payload: not strict base64'],
    ['textarea', {}, 'b64:/w==', 'knob: malformed b64: payload: the decoded bytes are not UTF-8 text'],
    ['int', {}, '4.2', 'knob: expected an integer, got "4.2"'],
    ['int', {}, '', 'knob: expected an integer, got ""'],
    ['int', {}, '1__000', 'knob: expected an integer, got "1__000"'],
    ['int', {}, '_1', 'knob: expected an integer, got "_1"'],
    ['int', {}, '0x10', 'knob: expected an integer, got "0x10"'],
    ['int', {}, '1e3', 'knob: expected an integer, got "1e3"'],
    ['int', {}, '99999999999999999999', 'knob: expected an integer, got "99999999999999999999"'],
    ['int', {}, Number.NaN, 'knob: expected an integer, got NaN'],
    ['int', {}, Number.POSITIVE_INFINITY, 'knob: expected an integer, got Infinity'],
    ['int', {}, ['1'], 'knob: expected an integer, got a list'],
    ['int', { min: 1, max: 65535 }, '0', 'knob: expected an integer 1–65535, got 0'],
    ['int', { min: 1, max: 65535 }, '65536', 'knob: expected an integer 1–65535, got 65536'],
    ['int', { min: 1 }, '0', 'knob: expected an integer ≥ 1, got 0'],
    ['int', { max: 9 }, '10', 'knob: expected an integer ≤ 9, got 10'],
    ['bool', {}, 1, 'knob: expected a bool (true/1/yes/on or false/0/no/off), got 1'],
    ['bool', {}, 0, 'knob: expected a bool (true/1/yes/on or false/0/no/off), got 0'],
    ['bool', {}, 'y', 'knob: expected a bool (true/1/yes/on or false/0/no/off), got "y"'],
    ['bool', {}, ' true', 'knob: expected a bool (true/1/yes/on or false/0/no/off), got " true"'],
    ['bool', {}, '', 'knob: expected a bool (true/1/yes/on or false/0/no/off), got ""'],
    ['bool', {}, ['true'], 'knob: expected a bool (true/1/yes/on or false/0/no/off), got a list'],
    ['enum', MTA, 'Postfix', 'knob: "Postfix" is not one of "postfix", "exim", "sendmail"'],
    ['enum', MTA, ['exim'], 'knob: expected a single value, got a list'],
    ['multi_enum', HTTP_VERSIONS, [], 'knob: list must not be empty'],
    ['multi_enum', HTTP_VERSIONS, '', 'knob: list must not be empty'],
    ['multi_enum', HTTP_VERSIONS, '  ', 'knob: list must not be empty'],
    ['multi_enum', HTTP_VERSIONS, 'h1.1,,h2', 'knob: empty item at position 2 in "h1.1,,h2"'],
    ['multi_enum', HTTP_VERSIONS, 'h1.1,', 'knob: empty item at position 2 in "h1.1,"'],
    ['multi_enum', HTTP_VERSIONS, 'h1.1,h3', 'knob: "h3" is not one of "h1.1", "h2"'],
    ['multi_enum', HTTP_VERSIONS, ['H2'], 'knob: "H2" is not one of "h1.1", "h2"'],
    ['multi_enum', HTTP_VERSIONS, 2, 'knob: expected a list, got 2'],
    ['multi_enum', HTTP_VERSIONS, true, 'knob: expected a list, got true'],
  ])('%s %j: %j', (type, extra, raw, message) => {
    const err = errorOf(() => coerceServiceValue(field(type, extra), raw));
    expect(err.message).toBe(message);
    expect(err.key).toBe('knob');
  });
});

describe('serviceConfigFieldSchema', () => {
  it('fills the reference defaults: type string, not secret', () => {
    expect(serviceConfigFieldSchema.parse({ key: 'banner', label: 'Banner' })).toMatchObject({
      type: 'string',
      secret: false,
    });
  });

  it.each([
    [{ key: 'Banner', label: 'B' }],
    [{ key: 'banner', label: 'B', type: 'float' }],
    [{ key: 'port', label: 'P', type: 'int', min: 10, max: 1 }],
  ])('refuses %j', (input) => {
    expect(serviceConfigFieldSchema.safeParse(input).success).toBe(false);
  });
});

describe('coerceServiceConfig (validate_cfg)', () => {
  const fields = [
    field('int', { key: 'port', min: 1, max: 65535 }),
    field('bool', { key: 'nla' }),
    field('string', { key: 'banner' }),
  ];

  it('coerces known keys, leaves out null, undefined and "", drops unknown keys by default', () => {
    const out = coerceServiceConfig(fields, {
      port: '2222',
      nla: 'yes',
      banner: '',
      extra: 'x',
      other: null,
    });
    expect({ ...out }).toEqual({ port: 2222, nla: true });
  });

  it('refuses unknown keys on request', () => {
    const err = errorOf(() => coerceServiceConfig(fields, { prot: '1' }, { unknownKeys: 'error' }));
    expect(err.message).toBe('prot: unknown setting; known settings: port, nla, banner');
  });

  it('is not fooled by keys named like Object.prototype members', () => {
    const out = coerceServiceConfig([field('string', { key: 'constructor' })], { constructor: 'x' });
    expect(out.constructor).toBe('x');
    expect(Object.getPrototypeOf(out)).toBeNull();
  });
});
