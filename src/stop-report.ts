// What a stop could not write (the database gone, say), gathered step by step and said in one line at the end.

export interface StopReport {
  /** Runs one step of the stop; a failure is noted and the stop goes on. */
  step(what: string, run: () => unknown): Promise<void>;
  /** Check results left unstored. */
  resultsLost(count: number): void;
  /** One line saying what was not written, or null when everything was. */
  summary(): string | null;
}

export function createStopReport(): StopReport {
  const notDone: string[] = [];
  let lost = 0;
  let cause: string | null = null;
  return {
    async step(what, run) {
      try {
        await run();
      } catch (error) {
        notDone.push(what);
        cause ??= (error as Error).message;
      }
    },
    resultsLost(count) {
      lost += count;
    },
    summary() {
      if (lost === 0 && notDone.length === 0) return null;
      const parts = [...(lost > 0 ? [`${lost} check results not stored`] : []), ...notDone.map((what) => `${what} failed`)];
      return `stopped without writing everything: ${parts.join(", ")}${cause ? ` (${cause})` : ""}`;
    },
  };
}
