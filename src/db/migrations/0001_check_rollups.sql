CREATE TABLE `check_rollups` (
	`monitor_seq` integer NOT NULL,
	`hour_start` integer NOT NULL,
	`checks` integer NOT NULL,
	`up_checks` integer NOT NULL,
	`response_time_sum_ms` integer NOT NULL,
	`response_time_min_ms` integer NOT NULL,
	`response_time_max_ms` integer NOT NULL,
	`response_time_sketch` text NOT NULL,
	PRIMARY KEY(`monitor_seq`, `hour_start`),
	FOREIGN KEY (`monitor_seq`) REFERENCES `monitors`(`seq`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
