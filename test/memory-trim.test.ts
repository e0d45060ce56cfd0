import { describe, expect, test } from "bun:test";
import { newTrimPolicy, shouldTrim } from "../src/memory-trim.ts";

const MB = 1024 * 1024;

/** Feeds resident sizes (MB) to one policy, one look each, and says at which looks it trimmed. */
function trimsAt(sizesMb: number[], busyAt: number[] = []): number[] {
  const policy = newTrimPolicy();
  return sizesMb.flatMap((mb, look) => (shouldTrim(policy, mb * MB, busyAt.includes(look)) ? [look] : []));
}

describe("memory trim", () => {
  test("drops start-up's code once the process has stopped growing", () => {
    expect(trimsAt([80, 90, 96, 96, 96, 96, 96])).toEqual([3]);
  });

  test("waits for a burst to end before trimming, and trims it once", () => {
    // start-up trimmed at look 1; settled at 75; a burst 75 → 120 ends at look 7; the regrown code after it is no burst
    expect(trimsAt([80, 80, 75, 76, 75, 95, 120, 120, 100, 104, 106, 106, 106])).toEqual([1, 7]);
  });

  test("leaves a steady process alone", () => {
    expect(trimsAt([80, 80, 70, 71, 72, 70, 72, 71, 70, 72, 73, 72])).toEqual([1]);
  });

  test("leaves a large process alone: a trim saves nothing there and stops the event loop", () => {
    expect(trimsAt([150, 160, 200, 200, 200, 200])).toEqual([]);
    // and trims again once it is small
    expect(trimsAt([150, 160, 200, 200, 100, 100])).toEqual([4]);
  });

  test("trims only when no request was in flight at two looks in a row", () => {
    expect(trimsAt([80, 80, 80, 80, 80, 80], [1, 3])).toEqual([5]);
  });
});
