import { parse as parseYaml } from "yaml";

export type FixtureSyntax = "json" | "yaml";

/** JSON or YAML: by a file's extension or a body's content type, else by the text itself. */
export function syntaxOf(hint: string | undefined, text: string): FixtureSyntax {
  const h = (hint ?? "").toLowerCase();
  if (/\.ya?ml$/.test(h) || /\byaml\b/.test(h)) return "yaml";
  if (/\.json$/.test(h) || /\bjson\b/.test(h)) return "json";
  // YAML is a superset of JSON in practice; JSON's own parser gives the clearer message for it.
  return /^\s*[[{]/.test(text) ? "json" : "yaml";
}

/** The document in `text`, or the one-line reason it is not one. */
export function parseFixtureText(
  text: string,
  hint?: string,
): { ok: true; doc: unknown } | { ok: false; problem: string } {
  const syntax = syntaxOf(hint, text);
  try {
    return { ok: true, doc: syntax === "json" ? JSON.parse(text) : parseYaml(text, { prettyErrors: false }) };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    return { ok: false, problem: `(document): not valid ${syntax === "json" ? "JSON" : "YAML"}: ${reason}` };
  }
}
