import type { Outcome } from "./session.ts";
import { ORIGIN } from "./session.ts";

const INLINE_BODY = 2_000;

/** Single-quoted for a POSIX shell, with `$'…'` escapes where a byte is not printable. */
function shellQuote(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  const bytes = Buffer.from(text, "utf8");
  let out = "$'";
  for (const b of bytes)
    out +=
      b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c
        ? String.fromCharCode(b)
        : `\\x${b.toString(16).padStart(2, "0")}`;
  return `${out}'`;
}

/** A command that sends the same request to a running server (`pnpm start`, PUBLIC_URL unset). */
export function toCurl({ request }: Pick<Outcome, "request">): string {
  const url = new URL(request.target, ORIGIN).href;
  const parts = ["curl -sig", request.method === "HEAD" ? "-I" : `-X ${request.method}`, shellQuote(url)];
  for (const [name, value] of request.headers)
    if (name.toLowerCase() !== "content-length" || request.body === null)
      // `Name;` is how curl sends a header with an empty value (`Name:` would drop it).
      parts.push(`-H ${shellQuote(value === "" ? `${name};` : `${name}: ${value}`)}`);
  if (request.body !== null) {
    const text = Buffer.from(request.body).toString("utf8");
    parts.push(
      text.length <= INLINE_BODY
        ? `--data-binary ${shellQuote(text)}`
        : `--data-binary @body.bin  # ${request.body.length} bytes: ${shellQuote(text.slice(0, 40))}…`,
    );
  } else if (request.headers.some(([k]) => k.toLowerCase() === "content-length"))
    parts.push("--data-binary ''");
  return parts.join(" ");
}

/** The request, what came back and what it broke, then the curl that reproduces it. */
export function describeOutcome(outcome: Outcome): string {
  const { request, answer, violations } = outcome;
  const lines = [
    `${request.method} ${request.target.length > 300 ? `${request.target.slice(0, 300)}…` : request.target}  (${request.dialect}; ${request.notes.join("; ")})`,
    ...request.headers.map(([k, v]) => `  ${k}: ${v}`),
    ...(request.body
      ? [
          `  body (${request.body.length} bytes): ${Buffer.from(request.body.subarray(0, 300)).toString("utf8")}`,
        ]
      : []),
    `→ ${answer.status} ${answer.headers.get("content-type") ?? ""} ${answer.text.slice(0, 300)}`,
    ...violations.map((v) => `✗ ${v.kind}: ${v.detail.split("\n").slice(0, 6).join("\n    ")}`),
    toCurl(outcome),
  ];
  return lines.join("\n");
}
