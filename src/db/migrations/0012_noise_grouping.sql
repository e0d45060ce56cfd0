ALTER TABLE `channels` ADD `quiet_hours` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `carried_by` text;--> statement-breakpoint
CREATE INDEX `deliveries_quiet_held` ON `deliveries` (`channel_id`) WHERE reason = 'quiet_hours' AND carried_by IS NULL;--> statement-breakpoint
ALTER TABLE `monitors` ADD `is_critical` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `organizations` ADD `alert_group_seconds` integer DEFAULT 10 NOT NULL;