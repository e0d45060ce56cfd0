// The store's whole surface: what the domain asks of storage, and all a second backend (PostgreSQL, say)
// has to implement. index.ts builds the SQLite one; test/store/ runs one suite against any of them.
// Records are the domain's (src/domain/types.ts); times are Unix milliseconds.
import type {
  ApiKeyRow, ChannelRow, CheckRollupRow, CheckRow, DeliveryAttemptRow, DeliveryRow, IncidentRow, InvitationRow, MonitorEventRow,
  MaintenanceRow, MonitorRow, OrganizationRow, ProjectRow, PulseRow, RegionResultRow, SessionRow, StatusPageRow, UserRow,
} from "../domain/types.ts";
import type { AckVia, MonitorStatus, Plan, Role, WhyNotReason } from "../enums.ts";
import type { Page, Paging } from "../paging.ts";

export interface Store {
  users: UsersStore;
  organizations: OrganizationsStore;
  invitations: InvitationsStore;
  projects: ProjectsStore;
  monitors: MonitorsStore;
  checks: ChecksStore;
  latestChecks: LatestChecksStore;
  recentResults: RecentResultsStore;
  rollups: RollupsStore;
  events: EventsStore;
  pulses: PulsesStore;
  heartbeats: HeartbeatsStore;
  apiKeys: ApiKeysStore;
  sessions: SessionsStore;
  statusPages: StatusPagesStore;
  dailyUptime: DailyUptimeStore;
  channels: ChannelsStore;
  deliveries: DeliveriesStore;
  incidents: IncidentsStore;
  sslWarnings: SslWarningsStore;
  dependencies: DependenciesStore;
  maintenance: MaintenanceStore;
  escalations: EscalationsStore;
  flapping: FlappingStore;
  serverSecrets: ServerSecretsStore;
  regions: RegionsStore;
  imports: ImportsStore;
  /** Only where several upbeats can share the store (PostgreSQL): who checks which monitor. */
  cluster?: ClusterStore;
  /** Runs `fn` in one transaction (nested calls join it); all of it is undone if it throws. */
  transaction<T>(fn: () => T): T;
  /** `transaction()` for async work, where nothing else writes meanwhile (a CLI command); does not nest. */
  transactionAsync<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` once the outermost transaction open now commits; at once when none is open. */
  afterCommit(fn: () => void): void;
  /**
   * A consistent copy of everything into `path` (an empty file made by the caller, mode kept), while others keep
   * writing: SQLite's is a database file, PostgreSQL's a pg_dump archive (custom format, for pg_restore).
   * A UserError when the copy cannot be made here (PostgreSQL's: pg_dump is not installed).
   */
  backupTo(path: string): void;
}

export interface NewUser {
  email: string;
  name: string | null;
  passwordHash: string;
  plan: Plan;
  isAdmin: boolean;
}

export interface UsersStore {
  create(input: NewUser, now: number): UserRow;
  byId(id: string): UserRow | undefined;
  /** Case-insensitive. */
  byEmail(email: string): UserRow | undefined;
  /** Oldest first. */
  list(limit: number, offset: number): UserRow[];
  setPassword(id: string, passwordHash: string, now: number): void;
  count(): number;
  /**
   * count() in a transaction that holds, to its end, a lock every other caller waits for: of two instances
   * creating the first admin at once, the second counts the first one's user.
   */
  countLocked(): number;
}

export interface MembershipOf { organization: OrganizationRow; role: Role; joinedAt: number }
export interface Member { user: UserRow; role: Role; joinedAt: number }

export type OrganizationChanges = Partial<Pick<OrganizationRow, "name" | "timezone" | "alertGroupSeconds">>;

export interface OrganizationsStore {
  /** The user's role in the organization, or undefined when not a member. */
  roleIn(userId: string, organizationId: string): Role | undefined;
  create(name: string, now: number): OrganizationRow;
  getById(id: string): OrganizationRow | undefined;
  update(id: string, changes: OrganizationChanges): void;
  /** The zone its alerts show times in (UTC for one that is gone). */
  timeZoneOf(id: string): string;
  /** How long its alerts wait to be grouped with others, in seconds (0 for one that is gone). */
  groupSecondsOf(id: string): number;
  addMember(organizationId: string, userId: string, role: Role, now: number): void;
  setRole(organizationId: string, userId: string, role: Role): void;
  removeMember(organizationId: string, userId: string): void;
  /** The user's organizations with their role, oldest membership first. */
  listForUser(userId: string): MembershipOf[];
  getForUser(organizationId: string, userId: string): MembershipOf | undefined;
  /** Oldest membership first. */
  members(organizationId: string): Member[];
  hasMemberWithEmail(organizationId: string, email: string): boolean;
  countOwners(organizationId: string): number;
}

export interface NewInvitation {
  organizationId: string;
  email: string;
  role: Role;
  invitedBy: string;
  expiresAt: number;
}

/** An invitation with the names its readers need: the organization's, and who sent it. */
export interface DescribedInvitation { invitation: InvitationRow; organizationName: string; invitedByEmail: string | null }

export interface InvitationsStore {
  create(input: NewInvitation, now: number): InvitationRow;
  /** The one not accepted yet (pending, declined or expired) for this organization and email. */
  openFor(organizationId: string, email: string): InvitationRow | undefined;
  refresh(id: string, change: { role: Role; invitedBy: string; expiresAt: number }): void;
  remove(id: string): void;
  described(id: string): DescribedInvitation | undefined;
  /** Not accepted and not expired, newest first; declined ones too (declining is the invitee's business). */
  ofOrganization(organizationId: string, now: number): DescribedInvitation[];
  /** What the holder of this email may still accept, newest first. */
  pendingFor(email: string, now: number): DescribedInvitation[];
  markAccepted(id: string, now: number): void;
  markDeclined(id: string, now: number): void;
}

export interface ProjectWithRole { project: ProjectRow; role: Role }

export interface ProjectsStore {
  organizationOf(projectId: string): string | undefined;
  create(input: { organizationId: string; name: string; isDefault?: boolean }, now: number): ProjectRow;
  byId(id: string): ProjectRow | undefined;
  /** Newest first. */
  listForUser(userId: string, organizationId?: string): ProjectWithRole[];
  getForUser(id: string, userId: string): ProjectWithRole | undefined;
  /** The organization's default project (else its oldest). */
  defaultOf(organizationId: string): ProjectRow | undefined;
  rename(id: string, name: string, now: number): void;
  delete(id: string): void;
  countMonitors(id: string): number;
}

type MonitorDefaulted = "url" | "status" | "statusReason" | "retries" | "failStreak" | "recoveryChecks" | "successStreak" | "isPaused" | "isPublic"
  | "remindEveryMinutes" | "flapThreshold" | "flapWindowMinutes" | "flappingSince" | "isCritical" | "lastCheckedAt" | "nextDueAt" | "settings" | "lastDetails" | "pingToken"
  | "regions" | "minFailingRegions";
export type NewMonitor = Omit<MonitorRow, "id" | "seq" | "createdAt" | "updatedAt" | MonitorDefaulted>
  & Partial<Pick<MonitorRow, MonitorDefaulted>>;
export type MonitorChanges = Partial<NewMonitor>;

export interface MonitorFilter {
  projectId?: string;
  kind?: MonitorRow["kind"];
  status?: MonitorStatus;
  /** only these monitors */
  ids?: string[];
  /** only those whose name or target contains this, in any case */
  text?: string;
}

export interface VisibleMonitor { monitor: MonitorRow; role: Role; organizationId: string }

export interface MonitorsStore {
  insert(input: NewMonitor, now: number): MonitorRow;
  /**
   * `cached`: may answer from memory (the API's reads), kept correct by the store's own writes; the row is then
   * frozen, shared by every such reader.
   */
  byId(id: string, options?: { cached?: boolean }): MonitorRow | undefined;
  byPingToken(token: string): MonitorRow | undefined;
  /** The caller's monitors, newest first, and how many match in all. */
  listForUser(userId: string, filter: MonitorFilter, limit: number, offset: number): { rows: VisibleMonitor[]; total: number };
  update(id: string, changes: MonitorChanges, now: number): MonitorRow | undefined;
  delete(id: string): void;
  /** Says why it is down without touching updated_at (an alert held back behind a down parent). */
  setStatusReason(id: string, reason: string | null): void;
  /** Every monitor that should be running (not paused), one at a time: at 100,000 a full array costs ~150 MB. */
  active(): Iterable<MonitorRow>;
}

/** Where a monitor's schedule stands after a check, written with the check's row. */
export interface CheckProgress {
  monitorSeq: number;
  lastCheckedAt: number;
  nextDueAt: number;
  failStreak: number;
  successStreak: number;
  /** the check's details as JSON, or null: kept on the monitor, replaced by the next check's */
  details: string | null;
}

/** A check to store: without a region (0) unless an instance with UPBEAT_REGION ran it. */
export type NewCheck = Omit<CheckRow, "regionId"> & Partial<Pick<CheckRow, "regionId">>;

export interface ChecksStore {
  /**
   * A batch of check results and the schedule of their monitors, in one transaction.
   * Returns the monitor seqs that no longer exist (deleted meanwhile); their rows are skipped.
   */
  record(rows: NewCheck[], progress: Iterable<CheckProgress>): Set<number>;
  /**
   * PostgreSQL: the same write, sent without holding the caller (a batch takes 60–120 ms at 100,000 monitors);
   * `done` hears once it committed, with the gone seqs, or failed. SQLite has none: its writes take a few ms.
   */
  recordLater?(rows: NewCheck[], progress: Iterable<CheckProgress>, done: (error: Error | null, gone: Set<number>) => void): void;
  /** Blocks until every recordLater() is answered and its `done` has run. */
  waitForWrites?(): void;
  /** Checks this process has recorded for the monitor. */
  recordedSinceStart(monitorSeq: number): number;
  /** Newest first; `beforeMs` pages back in time. */
  list(monitorSeq: number, limit: number, beforeMs?: number): CheckRow[];
  /** History written in bulk (imports, tests); a check already stored at the same time is kept. */
  insertMany(rows: NewCheck[]): void;
}

export type LatestCheck = Pick<CheckRow, "responseTimeMs" | "checkedAt" | "isUp">;

export interface LatestChecksStore {
  /** The newest check of each monitor that has one. */
  of(monitorSeqs: number[]): Map<number, LatestCheck>;
}

/** One result in a dashboard strip: a check, or a heartbeat run's end (code: exit code, ms: its duration). */
export interface RecentResult {
  at: number;
  isUp: boolean;
  code: number | null;
  ms: number | null;
  error: string | null;
}

export interface RecentResultsStore {
  /** Up to `perMonitor` newest checks of each monitor, oldest first. */
  checks(monitorSeqs: number[], perMonitor: number): Map<number, RecentResult[]>;
  /** Up to `perMonitor` newest successes and fails of each heartbeat, oldest first. */
  pulses(monitorIds: string[], perMonitor: number): Map<string, RecentResult[]>;
  /** Checks and up checks since `sinceMs`, from roll-ups and raw checks as uptime() counts them; monitors without any are absent. */
  checkUptime(monitorSeqs: number[], sinceMs: number): Map<number, { total: number; up: number }>;
}

export type RawCheck = Pick<CheckRow, "checkedAt" | "isUp" | "responseTimeMs">;

export interface RollupsStore {
  /** Every monitor that may have checks, for the hourly job (heartbeats have pulses instead). */
  checkedMonitorSeqs(): number[];
  /** Start of the newest rolled-up hour of a monitor. */
  lastHour(monitorSeq: number): number | null;
  /** Roll-ups with `fromMs <= hourStart < toMs`. */
  between(monitorSeq: number, fromMs: number, toMs: number): CheckRollupRow[];
  /** Raw checks with `fromMs <= checkedAt < toMs`, oldest first. */
  rawBetween(monitorSeq: number, fromMs: number, toMs: number): RawCheck[];
  /** How many checks, and how many up, in the roll-ups with `fromMs <= hourStart < toMs` and the raw checks of each `raw` span [from, to). */
  countsBetween(monitorSeq: number, fromMs: number, toMs: number, raw: [fromMs: number, toMs: number][]): { checks: number; up: number };
  /** Writes roll-ups, replacing an hour rolled up before, in one transaction. */
  save(rows: CheckRollupRow[]): void;
  /** Drops raw checks before `checksBeforeMs` and roll-ups before `rollupsBeforeMs` of some monitors. */
  prune(monitorSeqs: number[], checksBeforeMs: number, rollupsBeforeMs: number): void;
}

export interface EventsStore {
  /**
   * Moves a monitor from `from` to `to` and records the event, in one transaction, only while the
   * status is still `from` (racing callers flip it once). Null when it was not, or nothing changes.
   * `checkedAt` stamps the check that flips it on the monitor.
   */
  transition(
    monitorId: string, from: MonitorStatus, to: MonitorStatus, reason: string | null, at: number, options?: { checkedAt?: number },
  ): MonitorEventRow | null;
  /** The status in force at `at`: the newest change at or before it, if any. */
  statusAt(monitorId: string, at: number): MonitorStatus | undefined;
  /** Changes after `since`, oldest first. */
  since(monitorId: string, since: number): MonitorEventRow[];
  /** Newest first; `beforeMs` pages back in time. */
  list(monitorId: string, limit: number, beforeMs?: number): MonitorEventRow[];
  /** The newest outages and recoveries (to down, and down to up) of any of these monitors, newest first. */
  recentOutagesOf(monitorIds: string[], limit: number): MonitorEventRow[];
  /** Each monitor's status in force at `at`, for those that had one. */
  statusesAt(monitorIds: string[], at: number): Map<string, MonitorStatus>;
  /** Changes of these monitors after `since`, oldest first. */
  sinceOf(monitorIds: string[], since: number): MonitorEventRow[];
  count(monitorId: string): number;
}

export type RunEvent = Pick<PulseRow, "type" | "rid" | "receivedAt">;

export interface PulsesStore {
  /**
   * Newest first. `before` pages back: a time, or the id of the last pulse of the previous page
   * (exact even when several pulses share a millisecond).
   */
  list(monitorId: string, limit: number, before?: { ms: number } | { id: string }): PulseRow[];
  /** Run results since a time: successes and fails, and the job durations (ascending) the starts measured. */
  resultsSince(monitorId: string, sinceMs: number): { total: number; up: number; durationsMs: number[] };
  /** Successes and fails with `fromMs <= receivedAt < toMs`, oldest first. */
  runsBetween(monitorId: string, fromMs: number, toMs: number): Pick<PulseRow, "type" | "durationMs" | "receivedAt">[];
  insert(row: PulseRow): void;
  /** Many rows, in the order given (a batch of pings: one statement where the backend has a round trip). */
  insertMany(rows: PulseRow[]): void;
  /** The newest start/success/fail of a monitor: an open run when it is a start. */
  latestRunEvent(monitorId: string): RunEvent | undefined;
  /** latestRunEvent of each monitor in one read; monitors without one are absent from the map. */
  latestRunEvents(monitorIds: string[]): Map<string, RunEvent>;
  /** The newest start/success/fail carrying `rid`, among the monitor's recent pulses. */
  latestRunEventWithRid(monitorId: string, rid: string): RunEvent | undefined;
  latestSuccessAt(monitorId: string): number | null;
  /** Deletes pulses older than `cutoffMs`, but never a monitor's newest `keepPerMonitor`; returns how many went. */
  prune(cutoffMs: number, keepPerMonitor: number): number;
}

/** What ping handling and the overdue sweep need of a heartbeat monitor. */
export type HeartbeatRow = Pick<MonitorRow, "id" | "seq" | "status" | "isPaused" | "intervalSeconds" | "nextDueAt" | "lastCheckedAt"> & {
  graceSeconds: number | null;
  schedule: string | null;
  timezone: string | null;
};

export interface PingRecord { id: string; at: number; nextDueAt: number | null }

export interface HeartbeatsStore {
  /** By its ping token, or by an alias of it (ping_aliases). */
  byToken(token: string): HeartbeatRow | undefined;
  /** byToken of each token in one read: token → row, for the tokens found. */
  byTokens(tokens: string[]): Map<string, HeartbeatRow>;
  byId(id: string): HeartbeatRow | undefined;
  /** A ping arrived at `at`; the monitor is next due at `nextDueAt` (null: nothing can flip it). */
  recordPing(id: string, at: number, nextDueAt: number | null): void;
  /** recordPing of many monitors (each at most once) in one write. */
  recordPings(pings: PingRecord[]): void;
  setDeadline(id: string, nextDueAt: number | null): void;
  /** Replaces the deadline only if it is still `was`, so a newer ping's deadline survives; says whether it did. */
  replaceDeadline(id: string, was: number, nextDueAt: number | null): boolean;
  /** Unpaused heartbeats whose deadline has passed and that are not down yet, earliest first. */
  overdue(now: number): HeartbeatRow[];
  /** The first deadline in (from, until] of a heartbeat that can still go down, or null. */
  earliestDeadline(from: number, until: number): number | null;
}

export interface KeyWithUser { key: ApiKeyRow; user: UserRow }

export interface ApiKeysStore {
  insert(row: ApiKeyRow): void;
  /** Newest first. */
  listForUser(userId: string): ApiKeyRow[];
  /** True when the key existed and belonged to the user; it stops working at once. */
  deleteForUser(id: string, userId: string): boolean;
  findByHash(hash: string): KeyWithUser | undefined;
  /** findByHash of the key as presented (its SHA-256); the API asks this on every request. */
  findByKey(key: string): KeyWithUser | undefined;
  /** Notes the key's use (on `key` too). */
  touch(key: ApiKeyRow, now: number): void;
}

export interface SessionsStore {
  insert(row: SessionRow): void;
  /** The session's user while it has not expired at `now`. */
  findValid(id: string, now: number): { user: UserRow; expiresAt: number } | undefined;
  delete(id: string): void;
  /** Every session of the user but `keepId`: a changed password signs the other browsers out. */
  deleteOthersOf(userId: string, keepId: string | undefined): void;
  deleteExpired(now: number): void;
}

export interface StatusPageFields {
  slug: string;
  title: string;
  description: string | null;
  customDomain: string | null;
}

/** Monitors shown under one heading ("" for none), in the order shown. */
export interface MonitorGroup {
  name: string;
  monitorIds: string[];
}

/** A page's monitor as stored: the group it is shown in. */
export type PageMonitor = MonitorRow & { groupName: string };

/** One monitor's checks on one UTC day: from the hourly roll-ups, and raw checks after its newest roll-up. */
export interface CheckedDay {
  monitorSeq: number;
  dayStart: number;
  checks: number;
  upChecks: number;
  /** each hour's share of failed checks times its minutes (the hour in progress: the minutes gone by) */
  downMinutes: number;
}

export interface DailyUptimeStore {
  /** Every monitor's days in one statement; days with no checks have no row. */
  checkedDays(monitorSeqs: number[], fromMs: number, nowMs: number): CheckedDay[];
}

export interface StatusPageWithRole { page: StatusPageRow; role: Role }

export interface StatusPagesStore {
  /** `groups` and their monitors in the order shown. */
  create(organizationId: string, fields: StatusPageFields, groups: MonitorGroup[], now: number): StatusPageRow;
  /** `groups` replaces the page's monitors when given. */
  update(id: string, fields: Partial<StatusPageFields>, groups: MonitorGroup[] | undefined, now: number): void;
  delete(id: string): void;
  bySlug(slug: string): StatusPageRow | undefined;
  slugTaken(slug: string, exceptId?: string): boolean;
  /** Newest first. */
  listForUser(userId: string): StatusPageWithRole[];
  getForUser(id: string, userId: string): StatusPageWithRole | undefined;
  /** The page's monitors in the order chosen, each with its group. */
  monitorsOf(pageId: string): PageMonitor[];
  /** Ids of the pages showing any of these monitors. */
  pageIdsShowing(monitorIds: string[]): string[];
  /** Takes the monitor off every page of an organization other than this one (the monitor's own). */
  removeMonitorOutside(monitorId: string, organizationId: string): void;
  /** Which of these monitors belong to the organization (a page shows only its own). */
  monitorIdsInOrganization(organizationId: string, monitorIds: string[]): Set<string>;
}

type ChannelDefaulted = "isDefault" | "isEnabled" | "quietHours" | "lastError" | "lastSentAt";
export type NewChannel = Omit<ChannelRow, "id" | "createdAt" | "updatedAt" | ChannelDefaulted> & Partial<Pick<ChannelRow, ChannelDefaulted>>;
export interface ChannelWithRole { channel: ChannelRow; role: Role }

export interface ChannelsStore {
  insert(input: NewChannel, now: number): ChannelRow;
  byId(id: string): ChannelRow | undefined;
  getForUser(id: string, userId: string): ChannelWithRole | undefined;
  /** Newest first; `beforeMs` pages back by creation time. */
  listForUser(userId: string, beforeMs?: number): ChannelWithRole[];
  update(id: string, changes: Partial<NewChannel>, now: number): ChannelRow;
  delete(id: string): void;
  /** Which of these ids are channels of the organization. */
  idsInOrganization(organizationId: string, ids: string[]): Set<string>;
  defaultIdsOf(organizationId: string): string[];
  /** Channel ids linked to the monitor, sorted. */
  monitorLinks(monitorId: string): string[];
  /** Channel ids per monitor, for a page of monitors at once. */
  monitorLinksOf(monitorIds: string[]): Map<string, string[]>;
  setMonitorLinks(monitorId: string, channelIds: string[]): void;
  projectLinks(projectId: string): string[];
  setProjectLinks(projectId: string, channelIds: string[]): void;
  /** Links the channel to every monitor of its organization; returns how many links were added. */
  linkAll(channelId: string, organizationId: string): number;
  /** The enabled channels an alert of this monitor goes to (its own links and its project's). */
  routeOf(monitorId: string, projectId: string): { id: string; kind: string }[];
  recordSent(id: string, at: number): void;
  recordError(id: string, error: string): void;
}

export type NewDelivery = Pick<DeliveryRow, "channelId" | "monitorId" | "incidentId" | "event" | "message">;
export type NewAttempt = Omit<DeliveryAttemptRow, "id">;
export type DeliveryWithAttempts = DeliveryRow & { attempts: DeliveryAttemptRow[] };

export interface DeliveriesStore {
  /** Queued for the sender, due at once; returns the new ids. With `suppressedReason` only logged, as suppressed with that reason. */
  enqueue(rows: NewDelivery[], now: number, suppressedReason?: WhyNotReason): string[];
  byId(id: string): DeliveryRow | undefined;
  /** Channels with at least one delivery due by `now`. */
  dueChannels(now: number): string[];
  /** A channel's due deliveries, oldest first. */
  dueOf(channelId: string, now: number, limit: number): DeliveryRow[];
  earliestDue(): number | null;
  /** Takes a due delivery for one send, until `leaseUntil`; false when someone else has it or it is done. */
  claim(id: string, now: number, leaseUntil: number): boolean;
  recordAttempt(attempt: NewAttempt): void;
  markSent(id: string, at: number): void;
  markRetry(id: string, nextAttemptAt: number): void;
  markFailed(id: string, reason: string | null): void;
  /** Folds open deliveries into another one (`carriedBy`, a summary or a group): they are done, the reason saying why. */
  suppress(ids: string[], reason: WhyNotReason, carriedBy?: string): void;
  /** A channel's due deliveries, oldest first, leaving out fresh groupable ones created after `groupFrom` (their window is open). */
  readyOf(channelId: string, now: number, groupFrom: number): DeliveryRow | undefined;
  /** A channel's due, untried groupable deliveries created from `from` to `to`, oldest first. */
  groupableOf(channelId: string, now: number, from: number, to: number): DeliveryRow[];
  /** Channels with deliveries held for their quiet hours' digest. */
  quietHeldChannels(): string[];
  /** The channel's deliveries held for its quiet hours' digest, oldest first. */
  quietHeldOf(channelId: string): DeliveryRow[];
  /** Held deliveries went out in `carriedBy` (a digest). */
  markCarried(ids: string[], carriedBy: string): void;
  attemptsOf(id: string): DeliveryAttemptRow[];
  /** Newest first; `beforeMs` pages back by creation time. */
  listForChannel(channelId: string, limit: number, beforeMs?: number): DeliveryWithAttempts[];
  listForMonitor(monitorId: string, limit: number, beforeMs?: number): DeliveryWithAttempts[];
  /** Deliveries waiting to be sent, of these organizations' channels. */
  pendingCountIn(organizationIds: string[]): number;
  /** The channels an incident's down reached or is on its way to (not held back for maintenance or a dependency). */
  alertedChannelIdsOf(incidentId: string): string[];
  /** The incident's down deliveries the sender has not taken yet. */
  unsentDownOf(incidentId: string, now: number): DeliveryRow[];
  /** Holds back the incident's unsent down deliveries; returns how many. */
  suppressUnsentDown(incidentId: string, reason: WhyNotReason, now: number): number;
  setMessage(id: string, message: Record<string, unknown>): void;
}

/** A monitor's parents: while one is down, the monitor's own down alert is held back. */
export interface DependenciesStore {
  setParents(monitorId: string, parentIds: string[]): void;
  parentsOf(monitorId: string): string[];
  /** Parent ids per monitor, for a page of monitors in one query. */
  parentsOfMany(monitorIds: string[]): Map<string, string[]>;
  /** The monitor's parents that are down (and not paused) now, by name. */
  downParentsOf(monitorId: string): { id: string; name: string }[];
  /** Open incidents of monitors that have parents: the children whose held-back down may be due. */
  openIncidentsOfDependents(): IncidentRow[];
  childIdsOf(parentId: string): string[];
}

export type NewMaintenance = Omit<MaintenanceRow, "id" | "createdAt" | "updatedAt">;
export interface MaintenanceLinks { monitorIds: string[]; projectIds: string[] }
export type MaintenanceWithLinks = MaintenanceRow & MaintenanceLinks;

export interface MaintenanceStore {
  insert(input: NewMaintenance, links: MaintenanceLinks, now: number): MaintenanceWithLinks;
  update(id: string, changes: Partial<NewMaintenance>, links: MaintenanceLinks, now: number): MaintenanceWithLinks;
  delete(id: string): void;
  getForUser(id: string, userId: string): { window: MaintenanceWithLinks; role: Role } | undefined;
  /** Newest first; `beforeMs` pages back by creation time. */
  listForUser(userId: string, beforeMs?: number): MaintenanceWithLinks[];
  /** Active windows naming the monitor or its project. */
  covering(monitorId: string, projectId: string): MaintenanceRow[];
  /** Every active window with its links (the end-of-window sweep). */
  allActive(): MaintenanceWithLinks[];
  /** Claims the handling of ends up to `upTo` once: false when another sweep got there first. */
  markEndHandled(window: MaintenanceRow, upTo: number): boolean;
  /** The monitors a window covers now: those named and those of the projects named. */
  monitorIdsCovered(links: MaintenanceLinks): string[];
  /** Which of these ids are monitors / projects of the organization. */
  monitorIdsIn(organizationId: string, ids: string[]): Set<string>;
  projectIdsIn(organizationId: string, ids: string[]): Set<string>;
  /** The organization's active windows (status pages show theirs). */
  activeOfOrganization(organizationId: string): MaintenanceWithLinks[];
}

export interface DueReminder {
  incident: IncidentRow;
  remindEveryMinutes: number;
}

export interface DownMonitorRow {
  id: string;
  name: string;
  reason: string | null;
  startedAt: number | null;
}

export interface IncidentsStore {
  /** Up to `limit` monitors of the organization that are down now, besides one, by name (an alert's "also down"). */
  downMonitorsOf(organizationId: string, exceptMonitorId: string, limit: number): DownMonitorRow[];
  open(monitorId: string, at: number, reason: string | null): IncidentRow;
  /** The monitor's unresolved incident, if any. */
  openOf(monitorId: string): IncidentRow | undefined;
  resolve(id: string, at: number): void;
  getForUser(id: string, userId: string): IncidentRow | undefined;
  /** Newest first; `beforeMs` pages back by start time. */
  listForMonitor(monitorId: string, limit: number, beforeMs?: number): IncidentRow[];
  /** A page of the caller's incidents, newest first, and how many there are in all. */
  pageForUser(userId: string, status: "open" | "resolved" | undefined, paging: Paging, beforeMs?: number): Page<IncidentRow>;
  /** Unresolved incidents of these monitors, newest first. */
  openFor(monitorIds: string[]): IncidentRow[];
  byId(id: string): IncidentRow | undefined;
  /** The first acknowledgement of an open incident counts (by a user, or by the signed link with no user); false for any later one. */
  acknowledge(id: string, by: { userId: string | null; via: AckVia }, at: number): boolean;
  /** Open, unacknowledged incidents of down, unpaused monitors whose next reminder is due by `now`. */
  dueReminders(now: number): DueReminder[];
  /** Counts one reminder, once: false when another sweep already counted it. */
  markReminded(incident: IncidentRow, at: number): boolean;
}

/** One escalation step: still down this long into an incident, and not acknowledged, these channels hear of it. */
export interface EscalationStep {
  afterMinutes: number;
  channelIds: string[];
}

/** An incident with the escalation steps that fell due and were not sent yet. */
export interface DueEscalation {
  incidentId: string;
  steps: EscalationStep[];
}

export interface EscalationsStore {
  setSteps(monitorId: string, steps: EscalationStep[]): void;
  /** The monitor's steps by after_minutes (a step whose channels were all deleted is gone). */
  stepsOf(monitorId: string): EscalationStep[];
  stepsOfMany(monitorIds: string[]): Map<string, EscalationStep[]>;
  /** A channel was deleted: its steps went with it (ON DELETE CASCADE), so remembered steps are stale. */
  channelDeleted(): void;
  /** Open, unacknowledged incidents of down, unpaused monitors with steps due by `now` past the last one sent. */
  due(now: number): DueEscalation[];
  /** Records the steps up to `upToMinutes` as sent, once: false when another sweep got there first. */
  markEscalated(incident: IncidentRow, upToMinutes: number): boolean;
}

export interface FlappingStore {
  /** How often the monitor changed between up and down after `since`. */
  changesSince(monitorId: string, since: number): number;
  lastChangeAt(monitorId: string): number | null;
  setFlappingSince(monitorId: string, since: number | null): void;
  /** Monitors flapping now. */
  flapping(): MonitorRow[];
}

/** A multi-location monitor's latest result from one region, to record (its fail streak is counted by the store). */
export type RegionResult = Omit<RegionResultRow, "failStreak" | "successStreak">;

/** The monitor's rules a region's streaks follow. */
export type RegionRules = Pick<MonitorRow, "retries" | "recoveryChecks">;

/** UPBEAT_REGION labels as small ids, and the latest result of multi-location monitors from each region. */
export interface RegionsStore {
  /** The label's id, made on first use (the same for every instance). */
  idOf(name: string): number;
  /** Every label by id. */
  names(): Map<number, string>;
  /**
   * Stores the region's latest result and its streaks: a failure adds one to the fail streak; a success to the success
   * streak, and clears the fail streak, unless the region is failing (past `retries`) and has had fewer than
   * `recoveryChecks` successes in a row. Returns every region's latest of that monitor.
   */
  record(result: RegionResult, rules: RegionRules): RegionResultRow[];
  latestOf(monitorSeq: number): RegionResultRow[];
  /** Forgets the monitor's results of every region but these (it no longer lists them). */
  keepOnly(monitorSeq: number, regionIds: number[]): void;
}

export interface ServerSecretsStore {
  /** The named secret; made by `make` on first use, the same for every caller afterwards. */
  getOrCreate(name: string, make: () => string, now: number): string;
}

/** A certificate warned of: SHA-256 fingerprint, notAfter, and the threshold (days) it fell within. */
export interface WarnedCertificate {
  fingerprint: string;
  expiresAt: number;
  thresholdDays: number;
}

export interface SslWarningsStore {
  /** Records the warning; false when this monitor already warned of this certificate at this threshold. */
  claim(monitorId: string, certificate: WarnedCertificate, at: number): boolean;
}

/** What imports created, by the id a thing had in its source: importing the same source again finds it here. */
export interface ImportsStore {
  resourceOf(organizationId: string, source: string, externalId: string): string | undefined;
  record(organizationId: string, source: string, externalId: string, resourceId: string, now: number): void;
  /** The heartbeat a second ping URL (`<ping_key>/<slug>`) belongs to. */
  aliasOwner(alias: string): string | undefined;
  addAlias(alias: string, monitorId: string): void;
}

/**
 * Which instance checks which monitor, when several share one database. A lease lasts while its holder beats;
 * beats and timeouts are measured on the database's clock, so the instances' own clocks need not agree.
 */
export interface ClusterStore {
  /** Says this instance is alive (registering it the first time), and how many leases it holds in each of its pools. */
  beat(instanceId: string, region: string | null, held: ReadonlyMap<string, number>): void;
  /**
   * How many leases of a pool each instance that beat within `timeoutMs` held at its last beat (one number per live
   * instance). A pool is '' (monitors listing no regions: every instance shares them) or a region label (monitors
   * listing it: its instances).
   */
  liveShares(timeoutMs: number, pool?: string): number[];
  /** The regions of the instances that beat within `timeoutMs`. */
  liveRegions(timeoutMs: number): string[];
  /** Milliseconds until the first other live instance's lease runs out if it beats no more (null: no other). */
  nextExpiry(instanceId: string, timeoutMs: number): number | null;
  /** Unpaused monitors of these kinds (the ones checked on a schedule) in the pool, in all. */
  scheduledCount(kinds: string[], pool?: string): number;
  /**
   * Takes up to `max` such monitors that nobody live holds (never held, or their holder silent past `timeoutMs`),
   * after `afterSeq` in seq order, skipping rows another instance is claiming at the same moment; their rows by seq.
   */
  claim(instanceId: string, kinds: string[], max: number, timeoutMs: number, afterSeq?: number, pool?: string): MonitorRow[];
  /** How many leases this instance holds: fewer than it thinks when monitors were deleted or taken from it. */
  heldCount(instanceId: string): number;
  heldIds(instanceId: string): string[];
  /**
   * A number that grows whenever a monitor is made, edited or deleted; a change can commit a moment after its number
   * shows here.
   */
  changeCounter(): number;
  /** The newest change number of any monitor (0: none): edits later than now will have larger ones. */
  newestChange(): number;
  /** Held monitors edited or made (through any instance) after change number `after`. */
  editedAfter(instanceId: string, after: number): string[];
  /** These monitors' rows (those still there). */
  rowsOf(monitorIds: string[]): MonitorRow[];
  release(instanceId: string, monitorIds: string[]): void;
  /** A stopping instance gives everything back at once, so the others need not wait for its lease to time out. */
  leave(instanceId: string): void;
}
