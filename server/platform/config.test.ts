import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('treats an empty variable as unset (LPN_PUBLIC_URL= in a unit file)', () => {
    const config = loadConfig({ LPN_PUBLIC_URL: '', PORT: '', HOST: ' ', LPN_SEED_DEMO: '' });
    expect(config.publicUrl).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.seedDemo).toBe(true);
  });

  it('reports a bad value in one line naming the variable, without a stack or ZodError dump', () => {
    const attempt = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
      } catch (error) {
        return error as Error;
      }
      throw new Error('expected a configuration error');
    };
    const url = attempt({ LPN_PUBLIC_URL: 'not a url' });
    expect(url).toBeInstanceOf(ConfigError);
    expect(url.message).toMatch(/^Configuration error: LPN_PUBLIC_URL \(got "not a url"\): .+/);
    expect(url.message).not.toContain('\n');
    expect(url.message).not.toMatch(/ZodError|"code"|\[/);

    expect(attempt({ PORT: '99999' }).message).toMatch(/^Configuration error: PORT \(got "99999"\)/);
    expect(attempt({ LPN_SEED_DEMO: 'yes' }).message).toMatch(/^Configuration error: LPN_SEED_DEMO/);
  });

  it('names the variable of a bad number', () => {
    expect(() => loadConfig({ LPN_SESSION_CACHE_MS: '-1', LPN_MASTER_KEY: 'c2VjcmV0' })).toThrow(
      /LPN_SESSION_CACHE_MS/,
    );
  });
});
