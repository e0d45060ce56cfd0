// A file entry as the API body of its resource, without its links (the backend's ids are known only when applying).
import type { ChannelEntry, MaintenanceEntry, MonitorEntry, StatusPageEntry } from "./document.ts";

export const channelBody = ({ key: _, ...body }: ChannelEntry): Record<string, unknown> => body;
export const monitorBody = ({ key: _, channels: __, depends_on: ___, escalations: ____, ...body }: MonitorEntry): Record<string, unknown> => body;

/** Escalation steps with their channels as `channelId` gives them (a key for comparing, an id for the API). */
export const escalationsOf = (m: MonitorEntry, channelId: (key: string) => string) =>
  m.escalations.map(({ channels, ...step }) => ({ ...step, channel_ids: [...new Set(channels)].sort().map(channelId) }));
export const statusPageBody = ({ key: _, monitors: __, groups: ___, ...body }: StatusPageEntry): Record<string, unknown> => body;
export const maintenanceBody = ({ key: _, monitors: __, projects: ___, ...body }: MaintenanceEntry): Record<string, unknown> => body;
