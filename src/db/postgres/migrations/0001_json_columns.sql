ALTER TABLE "channels" ALTER COLUMN "config" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "channels" ALTER COLUMN "quiet_hours" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "message" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "monitors" ALTER COLUMN "settings" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "monitors" ALTER COLUMN "settings" SET DEFAULT '{}'::json;--> statement-breakpoint
ALTER TABLE "monitors" ALTER COLUMN "last_details" SET DATA TYPE json;