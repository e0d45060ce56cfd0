// limit/offset paging of the domain's lists: one page and the length of the whole list.

export interface Paging {
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** What a list answers when the caller names no limit. */
export const DEFAULT_PAGE_SIZE = 100;

export const FIRST_PAGE: Paging = { limit: DEFAULT_PAGE_SIZE, offset: 0 };

/** A page of a list that is small enough to load whole (an organization's members, a user's keys). */
export const pageOf = <T>(all: T[], { limit, offset }: Paging): Page<T> => ({ items: all.slice(offset, offset + limit), total: all.length });
