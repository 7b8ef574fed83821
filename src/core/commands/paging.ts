import type { Paging } from '../answer.js';
import { formatLine } from './parse.js';
import type { ParsedCommand } from './types.js';

export const DEFAULT_LIMIT = 10;

/** One page of `items` as the command asked (limit:, page:), with the line for the next page. */
export function paginate<T>(items: readonly T[], cmd: ParsedCommand, defaultLimit = DEFAULT_LIMIT): { page: T[]; paging: Paging } {
  const limit = cmd.options.limit ?? defaultLimit;
  const pageNo = cmd.options.page ?? 1;
  const offset = Math.min((pageNo - 1) * limit, Math.max(0, items.length));
  const page = items.slice(offset, offset + limit);
  const hasNext = offset + limit < items.length;
  const next = hasNext ? formatLine({ ...cmd, options: { ...cmd.options, page: pageNo + 1 } }) : null;
  return { page, paging: { offset, limit, total: items.length, next } };
}
