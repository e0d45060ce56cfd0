CREATE TABLE `monitor_escalations` (
	`monitor_id` text NOT NULL,
	`after_minutes` integer NOT NULL,
	`channel_id` text NOT NULL,
	PRIMARY KEY(`monitor_id`, `after_minutes`, `channel_id`),
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `monitor_escalations_channel` ON `monitor_escalations` (`channel_id`);--> statement-breakpoint
CREATE TABLE `server_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `incidents` ADD `acknowledged_via` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `escalated_minutes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `monitors` ADD `flap_threshold` integer DEFAULT 6 NOT NULL;--> statement-breakpoint
ALTER TABLE `monitors` ADD `flap_window_minutes` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `monitors` ADD `flapping_since` integer;--> statement-breakpoint
UPDATE `incidents` SET `acknowledged_via` = 'api' WHERE `acknowledged_at` IS NOT NULL;
