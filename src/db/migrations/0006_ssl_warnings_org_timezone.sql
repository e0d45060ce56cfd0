CREATE TABLE `ssl_warnings` (
	`monitor_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`threshold_days` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`warned_at` integer NOT NULL,
	PRIMARY KEY(`monitor_id`, `fingerprint`, `threshold_days`),
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `organizations` ADD `timezone` text DEFAULT 'UTC' NOT NULL;