// The `limit`/`offset` query of every list, and its total in X-Total-Count.
import * as v from "valibot";
import { FIRST_PAGE, type Page, type Paging } from "../paging.ts";
import { Paging as PagingFields } from "./schemas.ts";

export const PagingQuery = v.object(PagingFields);

export const pagingOf = (query: { limit?: number; offset?: number }): Paging =>
  ({ limit: query.limit ?? FIRST_PAGE.limit, offset: query.offset ?? FIRST_PAGE.offset });

/** The page's items as JSON; the whole list's length goes in X-Total-Count. */
export function answerPage<T, J>(set: { headers: Record<string, unknown> }, page: Page<T>, toJson: (item: T) => J): J[] {
  set.headers["X-Total-Count"] = String(page.total);
  return page.items.map(toJson);
}
