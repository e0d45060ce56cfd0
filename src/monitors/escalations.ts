// `escalations`: who else hears of an outage nobody acknowledged. Each step names channels of the monitor's
// organization and how long into the incident they are told (once per step and incident).
import * as v from "valibot";
import { invalid } from "../errors.ts";
import { int } from "../probes/kind.ts";
import type { EscalationStep } from "../store/store.ts";
import type { Store } from "../store/index.ts";
import { ChannelIds } from "../channels/links.ts";

export const MAX_ESCALATION_STEPS = 10;

const Step = v.strictObject(
  {
    after_minutes: int(1, 10080),
    channel_ids: v.pipe(ChannelIds, v.minLength(1, "must name at least one channel")),
  },
  "must be an object with after_minutes and channel_ids",
);

export const EscalationSteps = v.pipe(
  v.array(Step, "must be a list of steps"),
  v.maxLength(MAX_ESCALATION_STEPS, `must have at most ${MAX_ESCALATION_STEPS} steps`),
  v.check((steps) => new Set(steps.map((s) => s.after_minutes)).size === steps.length, "each step needs its own after_minutes"),
);

export type EscalationInput = v.InferOutput<typeof EscalationSteps>;

/** The steps as stored, earliest first; a 400 naming `escalations` for channels of another organization. */
export function checkEscalations(store: Store, organizationId: string, steps: EscalationInput): EscalationStep[] {
  const named = [...new Set(steps.flatMap((s) => s.channel_ids))];
  const known = store.channels.idsInOrganization(organizationId, named);
  const unknown = named.filter((id) => !known.has(id));
  if (unknown.length > 0) throw invalid([{ field: "escalations", message: `not channels of this organization: ${unknown.join(", ")}` }]);
  return steps.map((s) => ({ afterMinutes: s.after_minutes, channelIds: [...new Set(s.channel_ids)] })).sort((a, b) => a.afterMinutes - b.afterMinutes);
}

export const escalationsJson = (steps: EscalationStep[]) => steps.map((s) => ({ after_minutes: s.afterMinutes, channel_ids: s.channelIds }));
