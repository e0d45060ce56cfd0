ALTER TABLE "instances" ADD COLUMN "held_shared" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "held_regional" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "monitors_flapping" ON "monitors" USING btree ("flapping_since") WHERE flapping_since IS NOT NULL;--> statement-breakpoint
-- A deletion takes a number from the change counter too, so an instance finds that monitors were made, edited or
-- deleted by reading the counter alone (one row), and counts the scheduled monitors again only then.
CREATE FUNCTION "monitors_note_deletion"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('monitors_change_counter');
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "monitors_deleted" AFTER DELETE ON "monitors" FOR EACH STATEMENT EXECUTE FUNCTION "monitors_note_deletion"();
