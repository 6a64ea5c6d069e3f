import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { coerceServiceConfig } from '../../config/service-field.js';
import { defineFields } from '../shared/settings.js';
import { LOGIN_FIELDS, LoginPolicy } from './login-policy.js';

const fields = defineFields(LOGIN_FIELDS);
const dirs: string[] = [];

function policy(config: Record<string, string> = {}, keys?: string, distro = 'ubuntu22'): LoginPolicy {
  const dir = keys ?? mkdtempSync(join(tmpdir(), 'decnet-login-'));
  dirs.push(dir);
  return new LoginPolicy(
    {
      config: coerceServiceConfig(fields, config, { unknownKeys: 'error' }),
      dirs: { keys: dir, captures: dir, recordings: dir },
      logger: pino({ level: 'silent' }),
      decky: { distro },
    },
    'ssh',
  );
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('LoginPolicy', () => {
  it('on a Windows decky the weak policy is about Administrator, whatever the case, and root is no account', () => {
    const windows = policy({}, undefined, 'windows2019');
    expect(windows.check('root', '123456', '198.51.100.7')).toBe(false);
    expect(windows.check('Administrator', 'admin', '198.51.100.7')).toBe(true);
    expect(windows.check('ADMINISTRATOR', 'admin', '203.0.113.9')).toBe(true);
    expect(windows.check('administrator', '123456', '203.0.113.9')).toBe(false);
  });

  it('lets root in with the first weak password tried, then only with that one, and persists it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-login-'));
    const first = policy({}, dir);
    expect(first.check('root', 'hunter2-not-weak', '198.51.100.7')).toBe(false);
    expect(first.check('root', 'password', '198.51.100.7')).toBe(true);
    expect(first.check('root', '123456', '203.0.113.9')).toBe(false);
    expect(first.check('root', 'password', '203.0.113.9')).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'passwords.json'), 'utf8'))).toEqual({ root: 'password' });
  });

  it('accepts the configured user and root password exactly', () => {
    const p = policy({
      user: 'deploy',
      user_password: 's3cret',
      root_password: 'Toor!',
      password_policy: 'exact',
    });
    expect(p.check('deploy', 's3cret', '198.51.100.7')).toBe(true);
    expect(p.check('deploy', 'admin', '198.51.100.7')).toBe(false);
    expect(p.check('root', 'Toor!', '198.51.100.7')).toBe(true);
    expect(p.check('root', '123456', '198.51.100.7')).toBe(false);
    expect(p.check('oracle', 'oracle', '198.51.100.7')).toBe(false);
  });

  it('after_failures lets any account in after N failures from one address, then keeps that password', () => {
    const p = policy({ password_policy: 'after_failures', accept_after: '2' });
    expect(p.check('oracle', 'a', '198.51.100.7')).toBe(false);
    expect(p.check('oracle', 'b', '198.51.100.7')).toBe(false);
    expect(p.check('oracle', 'c', '203.0.113.9')).toBe(false);
    expect(p.check('oracle', 'welcome1', '198.51.100.7')).toBe(true);
    expect(p.check('oracle', 'a', '198.51.100.7')).toBe(false);
    expect(p.check('oracle', 'welcome1', '203.0.113.9')).toBe(true);
  });

  it('refuses empty and overlong user names', () => {
    const p = policy({ password_policy: 'after_failures', accept_after: '0' });
    expect(p.check('', 'x', '198.51.100.7')).toBe(false);
    expect(p.check('u'.repeat(65), 'x', '198.51.100.7')).toBe(false);
  });
});
