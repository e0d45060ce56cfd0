-- Hand-edited: pulses keyed like checks (WITHOUT ROWID on the integer monitor seq + time + id), so a ping writes one
-- B-tree instead of a table, its id index and pulses_monitor_time. Every row is copied, its monitor_id turned into the seq.
CREATE TABLE `__new_pulses` (
	`monitor_seq` integer NOT NULL,
	`received_at` integer NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`exit_code` integer,
	`duration_ms` integer,
	`body` text,
	`source_ip` text,
	`user_agent` text,
	`rid` text,
	PRIMARY KEY(`monitor_seq`, `received_at`, `id`),
	FOREIGN KEY (`monitor_seq`) REFERENCES `monitors`(`seq`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_pulses`("monitor_seq", "received_at", "id", "type", "exit_code", "duration_ms", "body", "source_ip", "user_agent", "rid") SELECT m."seq", p."received_at", p."id", p."type", p."exit_code", p."duration_ms", p."body", p."source_ip", p."user_agent", p."rid" FROM `pulses` p JOIN `monitors` m ON m."id" = p."monitor_id";--> statement-breakpoint
DROP TABLE `pulses`;--> statement-breakpoint
ALTER TABLE `__new_pulses` RENAME TO `pulses`;
