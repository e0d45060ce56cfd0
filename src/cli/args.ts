// argv → positional words and --flags; anything unexpected is a UsageError (exit 2).
import { UserError } from "../errors.ts";

export class UsageError extends UserError {}

export interface Parsed {
  words: string[];
  flags: Record<string, string | true>;
}

/** `short` maps one-letter switches (`-h`) to their long name. */
export function parseArgs(argv: string[], known: Record<string, "value" | "switch">, short: Record<string, string> = {}): Parsed {
  const words: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (/^-[a-zA-Z]$/.test(arg)) {
      const name = short[arg[1]!];
      if (!name || known[name] !== "switch") throw new UsageError(`unknown option ${arg}`);
      flags[name] = true;
      continue;
    }
    if (!arg.startsWith("--")) {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = known[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === "switch") {
      flags[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new UsageError(`--${name} needs a value`);
    flags[name] = value;
  }
  return { words, flags };
}

export function required(flags: Parsed["flags"], name: string): string {
  const value = flags[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}
