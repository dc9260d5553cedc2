import type { z } from 'zod';
import { decodeCursor as decode, encodeCursor } from '../../contracts/primitives.js';
import { AppError } from './errors.js';

export { encodeCursor };

/**
 * A cursor's sort value and id, checked against the shape its list hands out. The contracts already
 * refuse a malformed cursor (cursorParam); this is the same check where the value is used, so a
 * route that forgot it still answers 400 rather than passing the value to SQL.
 */
export function decodeCursor<T extends z.ZodType>(cursor: string, shape: T): z.output<T> {
  const decoded = decode(cursor, shape);
  if (decoded === null) {
    throw new AppError('validation', 400, 'Invalid cursor', [
      { path: 'querystring.cursor', code: 'cursor', message: 'validation.cursor' },
    ]);
  }
  return decoded;
}
