// The Dockerfile read as Docker reads it (stages, instructions, ENV/ARG values), for tests that run what it
// describes without a Docker engine.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  image: string;
  name: string | null;
  instructions: Instruction[];
}

/** Logical lines (continuations joined, comments dropped) grouped by FROM. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#")) continue;
    if (line.endsWith("\\")) {
      pending += line.slice(0, -1) + " ";
      continue;
    }
    const logical = (pending + line).trim();
    pending = "";
    if (logical === "") continue;
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/s.exec(logical)!;
    if (keyword.toUpperCase() === "FROM") {
      const [image = "", as, name] = args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === "AS" ? name! : null, instructions: [] });
    } else {
      stages.at(-1)!.instructions.push({ keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, " ") });
    }
  }
  return stages;
}

/** The arguments of every `keyword` instruction of a stage. */
export const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** `ENV A=1 B=2` and `ARG A=1` → { A: "1", B: "2" } */
export function assignments(lines: string[]): Record<string, string> {
  return Object.fromEntries(lines.flatMap((l) => l.split(" ")).filter((w) => w.includes("=")).map((w) => w.split(/=(.*)/s, 2) as [string, string]));
}

/** The repository's Dockerfile: its stages, and the last one (the image that runs). */
export function readDockerfile(repo: string): { stages: Stage[]; runtime: Stage } {
  const stages = parseDockerfile(readFileSync(join(repo, "Dockerfile"), "utf8"));
  return { stages, runtime: stages.at(-1)! };
}
