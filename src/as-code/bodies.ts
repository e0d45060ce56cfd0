// A file entry as the API body of its resource, without its links (the backend's ids are known only when applying).
import type { ChannelEntry, MaintenanceEntry, MonitorEntry, StatusPageEntry } from "./document.ts";

export const channelBody = ({ key: _, ...body }: ChannelEntry): Record<string, unknown> => body;
export const monitorBody = ({ key: _, channels: __, depends_on: ___, ...body }: MonitorEntry): Record<string, unknown> => body;
export const statusPageBody = ({ key: _, monitors: __, ...body }: StatusPageEntry): Record<string, unknown> => body;
export const maintenanceBody = ({ key: _, monitors: __, projects: ___, ...body }: MaintenanceEntry): Record<string, unknown> => body;
