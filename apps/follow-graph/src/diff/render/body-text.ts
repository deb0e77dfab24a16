// Bodies as people read them: JSON pretty-printed, text as it came, and a one-line description
// for a collapsed body ("JSON object, 6 fields").

/** The body as text to show, or undefined when there is none. */
export function bodyText(body: unknown): string | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === "string") return body;
  return JSON.stringify(body, null, 2);
}

export function describeBody(body: unknown): string {
  if (body === null || body === undefined) return "no body";
  if (typeof body === "string")
    return `text, ${body.length} ${body.length === 1 ? "character" : "characters"}`;
  if (Array.isArray(body)) return `JSON array, ${body.length} ${body.length === 1 ? "item" : "items"}`;
  if (typeof body === "object") {
    const fields = Object.keys(body).length;
    return `JSON object, ${fields} ${fields === 1 ? "field" : "fields"}`;
  }
  return `JSON ${typeof body}`;
}

/** An exchange's request line, e.g. `POST /api/v4/users/{id:bob}/follow`. */
export function requestLine(request: { method: string; path: string }): string {
  return `${request.method} ${request.path}`;
}
