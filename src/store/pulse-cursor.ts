// Where a `before=<pulse id>` cursor's row is: pulses are keyed by (monitor, time, id), so the id alone is no key.
import { uuidTimeMs } from "../ids.ts";

/** A ping's id is made a little after its time: a cursor's row is looked for this close to its id's time first. */
const ID_TIME_SLACK_MS = 60_000;

/**
 * When the pulse came: `lookUp` is asked within [from, to) around the id's time first (one short range of the
 * key), then anywhere in the monitor's range (an imported pulse's id carries the import's time).
 */
export function cursorTime(id: string, lookUp: (range?: [from: number, to: number]) => number | undefined): number | undefined {
  const near = uuidTimeMs(id);
  const nearby = Number.isFinite(near) ? lookUp([near - ID_TIME_SLACK_MS, near + ID_TIME_SLACK_MS]) : undefined;
  return nearby ?? lookUp();
}
