import { describe, expect, it } from 'vitest';
import { z } from './inertZod';

// What the web build gives the contracts instead of zod (vite.config.ts): they must evaluate, and
// validating with one of their schemas must fail loudly rather than pass anything through.
describe('inert zod (the browser build)', () => {
  const inert = z as any; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('lets the contracts build their schemas', () => {
    const schema = inert.object({ title: inert.string().max(200) }).extend({ n: inert.number().int() });
    expect(Object.entries(inert.object({}).shape)).toEqual([]);
    expect(inert.enum(['a', 'b']).options.length).toBeDefined();
    expect(schema).toBeTruthy();
    expect(inert.string() instanceof inert.ZodDefault).toBe(false);
  });

  it('refuses to validate', () => {
    const schema = inert.object({ title: inert.string() });
    for (const method of ['parse', 'safeParse', 'parseAsync', 'safeParseAsync'])
      expect(() => schema[method]({ title: 'x' }), method).toThrow(/not available in the browser/);
  });

  it('is not a promise', () => {
    expect(inert.string().then).toBeUndefined();
  });
});
