ALTER TABLE `status_page_monitors` ADD `group_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `status_pages` ADD `custom_domain` text;