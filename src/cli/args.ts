// argv → positional words and --flags; anything unexpected is a UsageError (exit 2).
import { UserError } from "../errors.ts";

export class UsageError extends UserError {}

export interface Parsed {
  words: string[];
  flags: Record<string, string | true>;
}

/** `short` maps one-letter options (`-h`, `-f FILE`) to their long name. */
export function parseArgs(argv: string[], known: Record<string, "value" | "switch">, short: Record<string, string> = {}): Parsed {
  const words: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (/^-[a-zA-Z]$/.test(arg)) {
      const name = short[arg[1]!];
      if (!name || !known[name]) throw new UsageError(`unknown option ${arg}`);
      if (known[name] === "switch") flags[name] = true;
      else flags[name] = valueOf(`-${arg[1]}`, argv[++i]);
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
    flags[name] = inline ?? valueOf(`--${name}`, argv[++i]);
  }
  return { words, flags };
}

function valueOf(flag: string, value: string | undefined): string {
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
  return value;
}

export function required(flags: Parsed["flags"], name: string): string {
  const value = flags[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}
