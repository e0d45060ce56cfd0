CREATE TABLE `import_sources` (
	`organization_id` text NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`resource_id` text NOT NULL,
	`imported_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `source`, `external_id`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `ping_aliases` (
	`alias` text PRIMARY KEY NOT NULL,
	`monitor_id` text NOT NULL,
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ping_aliases_monitor` ON `ping_aliases` (`monitor_id`);