// The import report as the CLI prints it: one line per thing, grouped by outcome, and the totals.
import type { ImportReport, Outcome } from "./apply.ts";

const HEADINGS: Record<Outcome, string> = {
  imported: "imported",
  approximate: "imported approximately",
  existing: "already imported",
  skipped: "skipped",
};

export const countsOf = (report: ImportReport): Record<Outcome, number> => {
  const counts: Record<Outcome, number> = { imported: 0, approximate: 0, existing: 0, skipped: 0 };
  for (const line of report.lines) counts[line.outcome]++;
  return counts;
};

export function formatReport(report: ImportReport): string {
  const width = Math.max(...report.lines.map((l) => `${l.what} ${l.name}`.length), 10);
  const out: string[] = [];
  for (const outcome of Object.keys(HEADINGS) as Outcome[]) {
    const lines = report.lines.filter((l) => l.outcome === outcome);
    if (lines.length === 0) continue;
    out.push(`${HEADINGS[outcome]} (${lines.length}):`);
    for (const l of lines) out.push(`  ${`${l.what} ${l.name}`.padEnd(width)}  ${outcome === "existing" ? "" : l.detail ?? ""}`.trimEnd());
  }
  const counts = countsOf(report);
  const total = Object.entries(counts).map(([outcome, n]) => `${n} ${HEADINGS[outcome as Outcome]}`).join(", ");
  out.push(report.dryRun ? `dry run, nothing written: ${total}` : total);
  return out.join("\n");
}
