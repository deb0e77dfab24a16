import type { SQL } from "drizzle-orm";
import { sqlText } from "../db/json-statement.ts";

const WIDTH = 100;

// Where a long line may break: before each JSON key (`, '…'`) in the hot reads' SQL; before each
// column (`, "…"`) in the one-line SQL drizzle's builder prepares, which also gets a line per clause.
const BEFORE_JSON_KEY = /(?<=, )(?=')/;
const BEFORE_COLUMN = /(?<=, )(?=")/;
const BEFORE_CLAUSE = / (?=(?:from|inner join|left join|where|order by|limit) )/g;

/**
 * The SQL text `query` prepares as, or the text of a statement drizzle's builder prepared, laid
 * out for a snapshot a reviewer can read: no blank or trailing space, the common indent removed,
 * and lines past WIDTH broken so a long `json_build_object` or column list reads a few fields a
 * line. Layout only: joining the lines back gives the same SQL up to whitespace.
 */
export function readableSql(query: SQL | string): string {
  const [text, breakAt] =
    typeof query === "string"
      ? [query.replace(BEFORE_CLAUSE, "\n"), BEFORE_COLUMN]
      : [sqlText(query), BEFORE_JSON_KEY];
  const lines = text
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line !== "");
  const indent = Math.min(...lines.map(indentOf));
  return lines.flatMap((line) => wrap(line.slice(indent), breakAt)).join("\n");
}

const indentOf = (line: string) => line.length - line.trimStart().length;

function wrap(line: string, breakAt: RegExp): string[] {
  if (line.length <= WIDTH) return [line];
  const pad = " ".repeat(indentOf(line) + 2);
  const [first = "", ...rest] = line.split(breakAt);
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
