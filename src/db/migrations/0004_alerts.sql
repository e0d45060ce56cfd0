CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`config` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`is_enabled` integer DEFAULT true NOT NULL,
	`last_error` text,
	`last_sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `channels_organization` ON `channels` (`organization_id`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`channel_id` text NOT NULL,
	`monitor_id` text,
	`incident_id` text,
	`event` text NOT NULL,
	`state` text NOT NULL,
	`reason` text,
	`message` text NOT NULL,
	`next_attempt_at` integer,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `deliveries_due` ON `deliveries` (`next_attempt_at`) WHERE state IN ('pending', 'retrying');--> statement-breakpoint
CREATE INDEX `deliveries_channel_due` ON `deliveries` (`channel_id`,`next_attempt_at`) WHERE state IN ('pending', 'retrying');--> statement-breakpoint
CREATE INDEX `deliveries_channel_time` ON `deliveries` (`channel_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_monitor_time` ON `deliveries` (`monitor_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_incident` ON `deliveries` (`incident_id`);--> statement-breakpoint
CREATE TABLE `delivery_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` text NOT NULL,
	`at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`result` text NOT NULL,
	`error` text,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `delivery_attempts_delivery` ON `delivery_attempts` (`delivery_id`,`at`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`monitor_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`resolved_at` integer,
	`reason` text,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	`reminders_sent` integer DEFAULT 0 NOT NULL,
	`last_reminded_at` integer,
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`acknowledged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `incidents_monitor_time` ON `incidents` (`monitor_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `incidents_open` ON `incidents` (`resolved_at`);--> statement-breakpoint
CREATE TABLE `monitor_channels` (
	`monitor_id` text NOT NULL,
	`channel_id` text NOT NULL,
	PRIMARY KEY(`monitor_id`, `channel_id`),
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `monitor_channels_channel` ON `monitor_channels` (`channel_id`);--> statement-breakpoint
CREATE TABLE `project_channels` (
	`project_id` text NOT NULL,
	`channel_id` text NOT NULL,
	PRIMARY KEY(`project_id`, `channel_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `project_channels_channel` ON `project_channels` (`channel_id`);--> statement-breakpoint
ALTER TABLE `monitors` ADD `remind_every_minutes` integer DEFAULT 0 NOT NULL;