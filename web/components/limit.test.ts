import { describe, expect, it } from 'vitest';
import { limitState } from './limit';

describe('limitState', () => {
  it('counts what is used and left', () => {
    expect(limitState(2000, 'abc')).toEqual({ used: 3, limit: 2000, left: 1997, near: false });
    expect(limitState(200, undefined)).toEqual({ used: 0, limit: 200, left: 200, near: false });
    expect(limitState(200, null).used).toBe(0);
  });

  it('is near from 90% of the limit and never goes below zero left', () => {
    expect(limitState(200, 'x'.repeat(179)).near).toBe(false);
    expect(limitState(200, 'x'.repeat(180)).near).toBe(true);
    expect(limitState(10, 'x'.repeat(12)).left).toBe(0);
  });
});
