import * as z from 'zod';
import { problems } from './problems.ts';

/** DESIGN section 8: list endpoints paginate with an opaque cursor. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const { o } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o: number };
    if (Number.isInteger(o) && o >= 0) return o;
  } catch {
    /* fall through */
  }
  throw problems.validation([{ path: 'query.cursor', code: 'field.invalid_cursor', message: { zh: '分页游标无效', en: 'Invalid cursor' } }]);
}

/** Pages a list that is already filtered and ordered in memory (small lists: catalogues, tenants). */
export function pageOf<T>(all: T[], limit: number, cursor: string | undefined): Page<T> {
  const start = decodeOffset(cursor);
  const items = all.slice(start, start + limit);
  const next = start + items.length;
  return { items, ...(next < all.length ? { nextCursor: Buffer.from(JSON.stringify({ o: next })).toString('base64url') } : {}) };
}

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().optional() });
