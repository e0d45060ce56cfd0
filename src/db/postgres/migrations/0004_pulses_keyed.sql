-- Hand-edited: pulses keyed like checks, on the integer monitor seq + time + id (one index per ping instead of the
-- id's and pulses_monitor_time); each row's monitor_id is turned into its monitor's seq.
ALTER TABLE "pulses" ADD COLUMN "monitor_seq" integer;--> statement-breakpoint
UPDATE "pulses" p SET "monitor_seq" = m."seq" FROM "monitors" m WHERE m."id" = p."monitor_id";--> statement-breakpoint
ALTER TABLE "pulses" ALTER COLUMN "monitor_seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "pulses" DROP CONSTRAINT "pulses_monitor_id_monitors_id_fk";--> statement-breakpoint
DROP INDEX "pulses_monitor_time";--> statement-breakpoint
ALTER TABLE "pulses" DROP CONSTRAINT "pulses_pkey";--> statement-breakpoint
ALTER TABLE "pulses" DROP COLUMN "monitor_id";--> statement-breakpoint
ALTER TABLE "pulses" ADD CONSTRAINT "pulses_monitor_seq_received_at_id_pk" PRIMARY KEY("monitor_seq","received_at","id");--> statement-breakpoint
ALTER TABLE "pulses" ADD CONSTRAINT "pulses_monitor_seq_monitors_seq_fk" FOREIGN KEY ("monitor_seq") REFERENCES "public"."monitors"("seq") ON DELETE cascade ON UPDATE no action;
