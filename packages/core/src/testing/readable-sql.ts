import type { SQL } from "drizzle-orm";
import { sqlText } from "../db/json-statement.ts";

const WIDTH = 100;

/**
 * The SQL text `query` prepares as, laid out for a snapshot a reviewer can read: no blank or
 * trailing space, the common indent removed, and lines past WIDTH broken before each JSON
 * key (`, '…'`) so a long `json_build_object` reads a few fields a line. Layout only: joining
 * the lines back gives the same SQL up to whitespace.
 */
export function readableSql(query: SQL): string {
  const lines = sqlText(query)
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line !== "");
  const indent = Math.min(...lines.map(indentOf));
  return lines.flatMap((line) => wrap(line.slice(indent))).join("\n");
}

const indentOf = (line: string) => line.length - line.trimStart().length;

function wrap(line: string): string[] {
  if (line.length <= WIDTH) return [line];
  const pad = " ".repeat(indentOf(line) + 2);
  const [first = "", ...rest] = line.split(/(?<=, )(?=')/);
  const out: string[] = [];
  let current = first;
  for (const part of rest) {
    if (current.length + part.length > WIDTH) {
      out.push(current.trimEnd());
      current = pad + part;
    } else current += part;
  }
  out.push(current);
  return out;
}
