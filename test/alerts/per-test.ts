// What an end-to-end alert test opens (the harness, local receivers, restartable targets), closed after each test.
import { afterEach } from "bun:test";
import { alertsHarness } from "./harness.ts";
import { startReceiver, type Receiver } from "./receiver.ts";
import { restartableTarget } from "./targets.ts";

type Harness = Awaited<ReturnType<typeof alertsHarness>>;

export function closedAfterEachTest() {
  let harness: Harness | undefined;
  const receivers: Receiver[] = [];
  const targets: ReturnType<typeof restartableTarget>[] = [];
  afterEach(async () => {
    receivers.splice(0).forEach((r) => r.stop());
    targets.splice(0).forEach((t) => t.stop());
    await harness?.close();
    harness = undefined;
  });
  return {
    harness: async (settings?: Parameters<typeof alertsHarness>[0]) => (harness = await alertsHarness(settings)),
    receiver(): Receiver {
      const receiver = startReceiver();
      receivers.push(receiver);
      return receiver;
    },
    target(): ReturnType<typeof restartableTarget> {
      const target = restartableTarget();
      targets.push(target);
      return target;
    },
  };
}
