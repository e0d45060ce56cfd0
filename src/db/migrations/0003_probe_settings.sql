ALTER TABLE `monitors` ADD `settings` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- Hand-written: each monitor's own kind's columns move into settings, with the defaults the checks used for nulls.
UPDATE `monitors` SET `settings` = CASE `kind`
	WHEN 'http' THEN json_object(
		'method', coalesce(`method`, 'GET'),
		'headers', coalesce(json(`headers`), json('{}')),
		'body', `body`,
		'expected_status', coalesce(`expected_status`, '200-399'),
		'keyword', `keyword`,
		'keyword_absent', json(iif(`keyword_absent` = 1, 'true', 'false')),
		'follow_redirects', json(iif(`follow_redirects` = 0, 'false', 'true')),
		'ignore_tls_errors', json(iif(`ignore_tls_errors` = 1, 'true', 'false')))
	WHEN 'ssl' THEN json_object('ssl_expiry_days', coalesce(`ssl_expiry_days`, 14))
	WHEN 'dns' THEN json_object('record_type', coalesce(`record_type`, 'A'), 'expected_value', `expected_value`, 'dns_resolver', `dns_resolver`)
	WHEN 'heartbeat' THEN json_object('grace_seconds', coalesce(`grace_seconds`, 3600), 'schedule', `schedule`, 'timezone', coalesce(`timezone`, 'UTC'))
	ELSE '{}'
END;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `method`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `headers`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `body`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `expected_status`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `keyword`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `keyword_absent`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `follow_redirects`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `ignore_tls_errors`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `ssl_expiry_days`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `record_type`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `expected_value`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `dns_resolver`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `grace_seconds`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `schedule`;--> statement-breakpoint
ALTER TABLE `monitors` DROP COLUMN `timezone`;