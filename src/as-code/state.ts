// An organization's configuration as the API shows it (ids, snake_case), read from the database or a server,
// and what changes it: the one interface both `apply` modes implement.

export interface QuietHoursState { start: string; end: string; timezone: string; days?: string[] }
export interface ChannelState {
  id: string; name: string; kind: string; config: Record<string, unknown>; is_default: boolean; is_enabled: boolean; quiet_hours: QuietHoursState | null;
}
export interface ProjectState { id: string; name: string; is_default: boolean; channel_ids: string[] }
/** A monitor's API JSON: its shared fields, its kind's settings, and its links. */
export type MonitorState = Record<string, unknown> & { id: string; project_id: string; name: string; kind: string; channel_ids: string[]; depends_on: string[];
  escalations: { after_minutes: number; channel_ids: string[] }[] };
export interface StatusPageState {
  id: string; slug: string; title: string; description: string | null; custom_domain: string | null; monitor_ids: string[];
  groups: { name: string; monitor_ids: string[] }[];
}
export interface MaintenanceState {
  id: string; title: string; monitor_ids: string[]; project_ids: string[]; starts_at: string | null; ends_at: string | null;
  schedule: string | null; duration_minutes: number | null; timezone: string; is_active: boolean;
}

export interface State {
  channels: ChannelState[];
  projects: ProjectState[];
  monitors: MonitorState[];
  status_pages: StatusPageState[];
  maintenance: MaintenanceState[];
}

export type Resource = keyof State;

/** Where the configuration lives: the local database (one transaction) or a running server's REST API. */
export interface Backend {
  read(): Promise<State>;
  /** the API body as POST takes it (without organization_id: the backend adds its own); answers the new id */
  create(resource: Resource, body: Record<string, unknown>): Promise<string>;
  update(resource: Resource, id: string, body: Record<string, unknown>): Promise<void>;
  remove(resource: Resource, id: string): Promise<void>;
}
