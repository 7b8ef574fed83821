import type { Paging } from '../answer.js';
import type { PageRequest } from '../store/types.js';
import { formatLine } from './parse.js';
import type { ParsedCommand } from './types.js';

export const DEFAULT_LIMIT = 10;

/** One page of `items` as the command asked (limit:, page:), with the line for the next page. */
export function paginate<T>(items: readonly T[], cmd: ParsedCommand, defaultLimit = DEFAULT_LIMIT): { page: T[]; paging: Paging } {
  const req = pageRequest(cmd, defaultLimit);
  const paging = pagingFor(cmd, items.length, defaultLimit);
  return { page: items.slice(req.offset, req.offset + req.limit), paging };
}

/** The slice the command asked for, to hand to the store (it may start past the end). */
export function pageRequest(cmd: ParsedCommand, defaultLimit = DEFAULT_LIMIT): PageRequest {
  const limit = cmd.options.limit ?? defaultLimit;
  const pageNo = cmd.options.page ?? 1;
  return { offset: (pageNo - 1) * limit, limit };
}

/** The Paging of a list of `total` items the store ranked, for the page the command asked. */
export function pagingFor(cmd: ParsedCommand, total: number, defaultLimit = DEFAULT_LIMIT): Paging {
  const limit = cmd.options.limit ?? defaultLimit;
  const pageNo = cmd.options.page ?? 1;
  const offset = Math.min((pageNo - 1) * limit, Math.max(0, total));
  const hasNext = offset + limit < total;
  const next = hasNext ? formatLine({ ...cmd, options: { ...cmd.options, page: pageNo + 1 } }) : null;
  return { offset, limit, total, next };
}
