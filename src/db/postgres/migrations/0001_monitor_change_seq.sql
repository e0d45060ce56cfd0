ALTER TABLE "monitors" ADD COLUMN "change_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "monitors_change_seq" ON "monitors" USING btree ("change_seq");--> statement-breakpoint
CREATE SEQUENCE "monitors_change_counter";--> statement-breakpoint
-- Every insert, and every update that stamps an edit (sets updated_at), takes the next number. An edit first takes
-- a lock held until its COMMIT, so edits commit in the order of their numbers: once a number is visible, every
-- smaller one is too, and "change_seq > the newest seen" misses nothing. Inserts need no lock (a new monitor is
-- read whole by whoever claims it).
CREATE FUNCTION "monitors_stamp_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM pg_advisory_xact_lock(7304221916);
  END IF;
  NEW.change_seq := nextval('monitors_change_counter');
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "monitors_change_seq" BEFORE INSERT OR UPDATE OF "updated_at" ON "monitors"
  FOR EACH ROW EXECUTE FUNCTION "monitors_stamp_change"();
