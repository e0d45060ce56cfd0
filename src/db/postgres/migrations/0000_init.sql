CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scope" text NOT NULL,
	"created_at" bigint NOT NULL,
	"last_used_at" bigint
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"config" json NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"quiet_hours" json,
	"last_error" text,
	"last_sent_at" bigint,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "check_rollups" (
	"monitor_seq" integer NOT NULL,
	"hour_start" bigint NOT NULL,
	"checks" integer NOT NULL,
	"up_checks" integer NOT NULL,
	"response_time_sum_ms" integer NOT NULL,
	"response_time_min_ms" integer NOT NULL,
	"response_time_max_ms" integer NOT NULL,
	"response_time_sketch" text NOT NULL,
	CONSTRAINT "check_rollups_monitor_seq_hour_start_pk" PRIMARY KEY("monitor_seq","hour_start")
);
--> statement-breakpoint
CREATE TABLE "checks" (
	"monitor_seq" integer NOT NULL,
	"checked_at" bigint NOT NULL,
	"is_up" boolean NOT NULL,
	"status_code" integer,
	"response_time_ms" integer NOT NULL,
	"error_message" text,
	CONSTRAINT "checks_monitor_seq_checked_at_pk" PRIMARY KEY("monitor_seq","checked_at")
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"channel_id" text NOT NULL,
	"monitor_id" text,
	"incident_id" text,
	"event" text NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"carried_by" text,
	"message" json NOT NULL,
	"next_attempt_at" bigint,
	"created_at" bigint NOT NULL,
	"sent_at" bigint
);
--> statement-breakpoint
CREATE TABLE "delivery_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"delivery_id" text NOT NULL,
	"at" bigint NOT NULL,
	"duration_ms" integer NOT NULL,
	"result" text NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "import_sources" (
	"organization_id" text NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"resource_id" text NOT NULL,
	"imported_at" bigint NOT NULL,
	CONSTRAINT "import_sources_organization_id_source_external_id_pk" PRIMARY KEY("organization_id","source","external_id")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"monitor_id" text NOT NULL,
	"started_at" bigint NOT NULL,
	"resolved_at" bigint,
	"reason" text,
	"acknowledged_at" bigint,
	"acknowledged_by" text,
	"acknowledged_via" text,
	"escalated_minutes" integer DEFAULT 0 NOT NULL,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"last_reminded_at" bigint
);
--> statement-breakpoint
CREATE TABLE "instances" (
	"id" text PRIMARY KEY NOT NULL,
	"region" text,
	"started_at" bigint NOT NULL,
	"beat_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"invited_by" text,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"accepted_at" bigint,
	"declined_at" bigint
);
--> statement-breakpoint
CREATE TABLE "maintenance_monitors" (
	"maintenance_id" text NOT NULL,
	"monitor_id" text NOT NULL,
	CONSTRAINT "maintenance_monitors_maintenance_id_monitor_id_pk" PRIMARY KEY("maintenance_id","monitor_id")
);
--> statement-breakpoint
CREATE TABLE "maintenance_projects" (
	"maintenance_id" text NOT NULL,
	"project_id" text NOT NULL,
	CONSTRAINT "maintenance_projects_maintenance_id_project_id_pk" PRIMARY KEY("maintenance_id","project_id")
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" bigint,
	"ends_at" bigint,
	"schedule" text,
	"duration_minutes" integer,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"end_handled_at" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"organization_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "memberships_organization_id_user_id_pk" PRIMARY KEY("organization_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "monitor_channels" (
	"monitor_id" text NOT NULL,
	"channel_id" text NOT NULL,
	CONSTRAINT "monitor_channels_monitor_id_channel_id_pk" PRIMARY KEY("monitor_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "monitor_dependencies" (
	"monitor_id" text NOT NULL,
	"depends_on_id" text NOT NULL,
	CONSTRAINT "monitor_dependencies_monitor_id_depends_on_id_pk" PRIMARY KEY("monitor_id","depends_on_id")
);
--> statement-breakpoint
CREATE TABLE "monitor_escalations" (
	"monitor_id" text NOT NULL,
	"after_minutes" integer NOT NULL,
	"channel_id" text NOT NULL,
	CONSTRAINT "monitor_escalations_monitor_id_after_minutes_channel_id_pk" PRIMARY KEY("monitor_id","after_minutes","channel_id")
);
--> statement-breakpoint
CREATE TABLE "monitor_events" (
	"id" text PRIMARY KEY NOT NULL,
	"monitor_id" text NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"reason" text,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_leases" (
	"monitor_id" text PRIMARY KEY NOT NULL,
	"instance_id" text NOT NULL,
	"claimed_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitors" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" serial NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"url" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"status_reason" text,
	"interval_seconds" integer NOT NULL,
	"timeout_seconds" integer NOT NULL,
	"retries" integer DEFAULT 0 NOT NULL,
	"fail_streak" integer DEFAULT 0 NOT NULL,
	"recovery_checks" integer DEFAULT 1 NOT NULL,
	"success_streak" integer DEFAULT 0 NOT NULL,
	"is_paused" boolean DEFAULT false NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"remind_every_minutes" integer DEFAULT 0 NOT NULL,
	"flap_threshold" integer DEFAULT 6 NOT NULL,
	"flap_window_minutes" integer DEFAULT 30 NOT NULL,
	"flapping_since" bigint,
	"is_critical" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"last_checked_at" bigint,
	"next_due_at" bigint,
	"settings" json DEFAULT '{}'::json NOT NULL,
	"last_details" json,
	"ping_token" text,
	CONSTRAINT "monitors_seq_unique" UNIQUE("seq"),
	CONSTRAINT "monitors_ping_token_unique" UNIQUE("ping_token")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"alert_group_seconds" integer DEFAULT 10 NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ping_aliases" (
	"alias" text PRIMARY KEY NOT NULL,
	"monitor_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_channels" (
	"project_id" text NOT NULL,
	"channel_id" text NOT NULL,
	CONSTRAINT "project_channels_project_id_channel_id_pk" PRIMARY KEY("project_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pulses" (
	"id" text PRIMARY KEY NOT NULL,
	"monitor_id" text NOT NULL,
	"type" text NOT NULL,
	"exit_code" integer,
	"duration_ms" integer,
	"body" text,
	"source_ip" text,
	"user_agent" text,
	"rid" text,
	"received_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "server_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ssl_warnings" (
	"monitor_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"threshold_days" integer NOT NULL,
	"expires_at" bigint NOT NULL,
	"warned_at" bigint NOT NULL,
	CONSTRAINT "ssl_warnings_monitor_id_fingerprint_threshold_days_pk" PRIMARY KEY("monitor_id","fingerprint","threshold_days")
);
--> statement-breakpoint
CREATE TABLE "status_page_monitors" (
	"status_page_id" text NOT NULL,
	"monitor_id" text NOT NULL,
	"position" integer NOT NULL,
	"group_name" text DEFAULT '' NOT NULL,
	CONSTRAINT "status_page_monitors_status_page_id_monitor_id_pk" PRIMARY KEY("status_page_id","monitor_id")
);
--> statement-breakpoint
CREATE TABLE "status_pages" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"custom_domain" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "status_pages_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"password_hash" text NOT NULL,
	"plan" text NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_rollups" ADD CONSTRAINT "check_rollups_monitor_seq_monitors_seq_fk" FOREIGN KEY ("monitor_seq") REFERENCES "public"."monitors"("seq") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checks" ADD CONSTRAINT "checks_monitor_seq_monitors_seq_fk" FOREIGN KEY ("monitor_seq") REFERENCES "public"."monitors"("seq") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_sources" ADD CONSTRAINT "import_sources_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_monitors" ADD CONSTRAINT "maintenance_monitors_maintenance_id_maintenance_windows_id_fk" FOREIGN KEY ("maintenance_id") REFERENCES "public"."maintenance_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_monitors" ADD CONSTRAINT "maintenance_monitors_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_projects" ADD CONSTRAINT "maintenance_projects_maintenance_id_maintenance_windows_id_fk" FOREIGN KEY ("maintenance_id") REFERENCES "public"."maintenance_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_projects" ADD CONSTRAINT "maintenance_projects_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_channels" ADD CONSTRAINT "monitor_channels_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_channels" ADD CONSTRAINT "monitor_channels_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_dependencies" ADD CONSTRAINT "monitor_dependencies_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_dependencies" ADD CONSTRAINT "monitor_dependencies_depends_on_id_monitors_id_fk" FOREIGN KEY ("depends_on_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_escalations" ADD CONSTRAINT "monitor_escalations_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_escalations" ADD CONSTRAINT "monitor_escalations_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_events" ADD CONSTRAINT "monitor_events_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_leases" ADD CONSTRAINT "monitor_leases_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ping_aliases" ADD CONSTRAINT "ping_aliases_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_channels" ADD CONSTRAINT "project_channels_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_channels" ADD CONSTRAINT "project_channels_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pulses" ADD CONSTRAINT "pulses_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssl_warnings" ADD CONSTRAINT "ssl_warnings_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_monitors" ADD CONSTRAINT "status_page_monitors_status_page_id_status_pages_id_fk" FOREIGN KEY ("status_page_id") REFERENCES "public"."status_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_monitors" ADD CONSTRAINT "status_page_monitors_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_pages" ADD CONSTRAINT "status_pages_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_user" ON "api_keys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "channels_organization" ON "channels" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "deliveries_due" ON "deliveries" USING btree ("next_attempt_at") WHERE state IN ('pending', 'retrying');--> statement-breakpoint
CREATE INDEX "deliveries_channel_due" ON "deliveries" USING btree ("channel_id","next_attempt_at") WHERE state IN ('pending', 'retrying');--> statement-breakpoint
CREATE INDEX "deliveries_channel_time" ON "deliveries" USING btree ("channel_id","created_at");--> statement-breakpoint
CREATE INDEX "deliveries_monitor_time" ON "deliveries" USING btree ("monitor_id","created_at");--> statement-breakpoint
CREATE INDEX "deliveries_incident" ON "deliveries" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "deliveries_quiet_held" ON "deliveries" USING btree ("channel_id") WHERE reason = 'quiet_hours' AND carried_by IS NULL;--> statement-breakpoint
CREATE INDEX "delivery_attempts_delivery" ON "delivery_attempts" USING btree ("delivery_id","at");--> statement-breakpoint
CREATE INDEX "incidents_monitor_time" ON "incidents" USING btree ("monitor_id","started_at");--> statement-breakpoint
CREATE INDEX "incidents_open" ON "incidents" USING btree ("resolved_at");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_one_open" ON "incidents" USING btree ("monitor_id") WHERE resolved_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_open" ON "invitations" USING btree ("organization_id","email") WHERE accepted_at IS NULL;--> statement-breakpoint
CREATE INDEX "invitations_email" ON "invitations" USING btree ("email");--> statement-breakpoint
CREATE INDEX "maintenance_monitors_monitor" ON "maintenance_monitors" USING btree ("monitor_id");--> statement-breakpoint
CREATE INDEX "maintenance_projects_project" ON "maintenance_projects" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "maintenance_windows_organization" ON "maintenance_windows" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "memberships_user" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "monitor_channels_channel" ON "monitor_channels" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "monitor_dependencies_parent" ON "monitor_dependencies" USING btree ("depends_on_id");--> statement-breakpoint
CREATE INDEX "monitor_escalations_channel" ON "monitor_escalations" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "monitor_events_monitor_time" ON "monitor_events" USING btree ("monitor_id","at");--> statement-breakpoint
CREATE INDEX "monitor_leases_instance" ON "monitor_leases" USING btree ("instance_id");--> statement-breakpoint
CREATE INDEX "monitors_project_created" ON "monitors" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE INDEX "monitors_due" ON "monitors" USING btree ("next_due_at");--> statement-breakpoint
CREATE INDEX "ping_aliases_monitor" ON "ping_aliases" USING btree ("monitor_id");--> statement-breakpoint
CREATE INDEX "project_channels_channel" ON "project_channels" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "projects_organization" ON "projects" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "pulses_monitor_time" ON "pulses" USING btree ("monitor_id","received_at");--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "status_page_monitors_monitor" ON "status_page_monitors" USING btree ("monitor_id");--> statement-breakpoint
CREATE INDEX "status_pages_organization" ON "status_pages" USING btree ("organization_id");