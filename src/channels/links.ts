// Channel ids given for a monitor or project: each must be a channel of the same organization.
import * as v from "valibot";
import { invalid } from "../errors.ts";
import type { Store } from "../store/index.ts";

export const ChannelIds = v.pipe(
  v.array(v.pipe(v.string("must be channel ids"), v.uuid("must be channel ids")), "must be a list of channel ids"),
  v.maxLength(100, "must list at most 100 channels"),
);

/** The ids without repeats; a 400 naming those that are not the organization's channels. */
export function checkChannelIds(store: Store, organizationId: string, ids: string[]): string[] {
  const unique = [...new Set(ids)];
  const known = store.channels.idsInOrganization(organizationId, unique);
  const unknown = unique.filter((id) => !known.has(id));
  if (unknown.length > 0) throw invalid([{ field: "channel_ids", message: `not channels of this organization: ${unknown.join(", ")}` }]);
  return unique;
}
