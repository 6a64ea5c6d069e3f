import { z } from 'zod';

/**
 * The reference's pagination: `limit` (1–1000, default 50) and `offset`, answered as
 * `{total, limit, offset, data}`.
 */
export const PAGE_LIMITS = { defaultLimit: 50, maxLimit: 1000, maxOffset: 10_000_000 } as const;

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(PAGE_LIMITS.maxLimit).default(PAGE_LIMITS.defaultLimit),
  offset: z.coerce.number().int().min(0).max(PAGE_LIMITS.maxOffset).default(0),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of `item`: the schema of every paged response. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    total: z.number().int().describe('Rows matching the filters, over all pages'),
    limit: z.number().int(),
    offset: z.number().int(),
    data: z.array(item),
  });
}

export interface Page<T> {
  total: number;
  limit: number;
  offset: number;
  data: T[];
}
