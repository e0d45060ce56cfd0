DROP INDEX `monitors_project`;--> statement-breakpoint
CREATE INDEX `monitors_project_created` ON `monitors` (`project_id`,`created_at`,`id`);