// Notifications counted since start, per organization, for /metrics (a restart resets them, as counters may).
export type NotificationResult = "sent" | "retried" | "failed" | "suppressed";

export function createNotificationCounts() {
  const counts = new Map<string, Map<string, number>>();
  return {
    add(organizationId: string, kind: string, result: NotificationResult): void {
      let ofOrganization = counts.get(organizationId);
      if (!ofOrganization) counts.set(organizationId, (ofOrganization = new Map()));
      const key = `${kind}\n${result}`;
      ofOrganization.set(key, (ofOrganization.get(key) ?? 0) + 1);
    },
    /** Totals by kind and result over these organizations. */
    of(organizationIds: Iterable<string>): { kind: string; result: string; value: number }[] {
      const totals = new Map<string, number>();
      for (const id of organizationIds) {
        for (const [key, value] of counts.get(id) ?? []) totals.set(key, (totals.get(key) ?? 0) + value);
      }
      return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => {
        const [kind, result] = key.split("\n") as [string, string];
        return { kind, result, value };
      });
    },
  };
}

export type NotificationCounts = ReturnType<typeof createNotificationCounts>;
