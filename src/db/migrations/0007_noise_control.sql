CREATE TABLE `maintenance_monitors` (
	`maintenance_id` text NOT NULL,
	`monitor_id` text NOT NULL,
	PRIMARY KEY(`maintenance_id`, `monitor_id`),
	FOREIGN KEY (`maintenance_id`) REFERENCES `maintenance_windows`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `maintenance_monitors_monitor` ON `maintenance_monitors` (`monitor_id`);--> statement-breakpoint
CREATE TABLE `maintenance_projects` (
	`maintenance_id` text NOT NULL,
	`project_id` text NOT NULL,
	PRIMARY KEY(`maintenance_id`, `project_id`),
	FOREIGN KEY (`maintenance_id`) REFERENCES `maintenance_windows`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `maintenance_projects_project` ON `maintenance_projects` (`project_id`);--> statement-breakpoint
CREATE TABLE `maintenance_windows` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`title` text NOT NULL,
	`starts_at` integer,
	`ends_at` integer,
	`schedule` text,
	`duration_minutes` integer,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`end_handled_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `maintenance_windows_organization` ON `maintenance_windows` (`organization_id`);--> statement-breakpoint
CREATE TABLE `monitor_dependencies` (
	`monitor_id` text NOT NULL,
	`depends_on_id` text NOT NULL,
	PRIMARY KEY(`monitor_id`, `depends_on_id`),
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`depends_on_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `monitor_dependencies_parent` ON `monitor_dependencies` (`depends_on_id`);--> statement-breakpoint
ALTER TABLE `monitors` ADD `recovery_checks` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `monitors` ADD `success_streak` integer DEFAULT 0 NOT NULL;