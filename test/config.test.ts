import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OVERLOAD, defaultSqlLimits, defaultXesLimits, loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { repoPath } from './helpers.js';

/** The error loadConfig throws for `env`, or undefined. */
function refusal(env: Record<string, string>): ConfigError | undefined {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  return undefined;
}

describe('the configuration', () => {
  it('takes its defaults from the limits it defines (one place for both)', () => {
    const c = loadConfig({});
    expect(c.sql).toEqual(defaultSqlLimits);
    expect(c.xes).toEqual(defaultXesLimits);
    expect(c.overload).toEqual(DEFAULT_OVERLOAD);
    expect(loadConfig({ PORT: '8080', SLA_SQL_TIMEOUT_MS: '5000' })).toMatchObject({
      port: 8080,
      sql: { timeoutMs: 5000 },
    });
  });

  it('refuses a setting that does not parse in both languages, naming it (the language is a setting too)', () => {
    expect(refusal({ PORT: 'abc' })?.texts).toEqual({
      id: 'konfigurasi: PORT: harus angka',
      en: 'configuration: PORT: expected a number',
    });
    expect(refusal({ SLA_LANG: 'fr' })?.texts?.en).toMatch(/^configuration: SLA_LANG: /);
    expect(refusal({ SLA_LAKE_EVERY: 'true' })?.texts).toEqual({
      id: 'konfigurasi: SLA_LAKE_EVERY=true perlu SLA_LAKE_DIR',
      en: 'configuration: SLA_LAKE_EVERY=true needs SLA_LAKE_DIR',
    });
    expect(refusal({})).toBeUndefined();
  });

  it('the sla command says so and ends with status 2, before any command runs (the real command)', () => {
    const r = spawnSync(process.execPath, [repoPath('bin/sla.js'), '--help'], {
      env: { ...process.env, PORT: 'abc' },
      encoding: 'utf8',
    });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr: 'sla: konfigurasi: PORT: harus angka / configuration: PORT: expected a number\n',
    });
  });
});
