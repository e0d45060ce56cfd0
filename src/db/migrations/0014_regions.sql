CREATE TABLE `region_results` (
	`monitor_seq` integer NOT NULL,
	`region_id` integer NOT NULL,
	`checked_at` integer NOT NULL,
	`is_up` integer NOT NULL,
	`fail_streak` integer NOT NULL,
	`error_message` text,
	PRIMARY KEY(`monitor_seq`, `region_id`),
	FOREIGN KEY (`monitor_seq`) REFERENCES `monitors`(`seq`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `regions` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regions_name_unique` ON `regions` (`name`);--> statement-breakpoint
ALTER TABLE `checks` ADD `region_id` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `monitors` ADD `regions` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `monitors` ADD `min_failing_regions` integer DEFAULT 1 NOT NULL;