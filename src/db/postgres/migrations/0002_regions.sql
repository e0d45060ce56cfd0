CREATE TABLE "region_results" (
	"monitor_seq" integer NOT NULL,
	"region_id" integer NOT NULL,
	"checked_at" bigint NOT NULL,
	"is_up" boolean NOT NULL,
	"fail_streak" integer NOT NULL,
	"error_message" text,
	CONSTRAINT "region_results_monitor_seq_region_id_pk" PRIMARY KEY("monitor_seq","region_id")
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "regions_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "checks" ADD COLUMN "region_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "checks" DROP CONSTRAINT "checks_monitor_seq_checked_at_pk";--> statement-breakpoint
ALTER TABLE "checks" ADD CONSTRAINT "checks_monitor_seq_checked_at_region_id_pk" PRIMARY KEY("monitor_seq","checked_at","region_id");--> statement-breakpoint
ALTER TABLE "monitor_leases" ADD COLUMN "region" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "monitor_leases" DROP CONSTRAINT "monitor_leases_pkey";--> statement-breakpoint
ALTER TABLE "monitor_leases" ADD CONSTRAINT "monitor_leases_monitor_id_region_pk" PRIMARY KEY("monitor_id","region");--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "regions" json DEFAULT '[]'::json NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "min_failing_regions" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "region_results" ADD CONSTRAINT "region_results_monitor_seq_monitors_seq_fk" FOREIGN KEY ("monitor_seq") REFERENCES "public"."monitors"("seq") ON DELETE cascade ON UPDATE no action;