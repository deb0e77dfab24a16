// Reading the served OpenAPI documents in tests: fetching them, the operations a hono app
// serves, and a JSON Schema validator (draft 2020-12, as OpenAPI 3.1) for one response.
import { Ajv2020 } from "ajv/dist/2020.js";
import type { Hono } from "hono";

export interface Document {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
export interface Operation {
  operationId: string;
  parameters?: Array<{ in: string; name: string; required?: boolean }>;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
export type Schema = Record<string, unknown>;

export async function fetchDocument(origin: string, dialect: "github" | "gitlab"): Promise<Document> {
  const answer = await fetch(`${origin}/-/openapi/${dialect}.json`);
  if (answer.status !== 200) throw new Error(`${dialect}.json: ${answer.status}`);
  return (await answer.json()) as Document;
}

/**
 * `METHOD /path` of every route the app serves, in OpenAPI's spelling (`:id{[0-9]+}` is
 * `{id}`), without `prefix`; middleware and catch-alls (method ALL) are no operations.
 */
// biome-ignore lint/suspicious/noExplicitAny: any dialect app.
export function servedOperations(app: Hono<any, any, any>, prefix = ""): string[] {
  const operations = app.routes
    .filter((route) => route.method !== "ALL")
    .map((route) => {
      const path = route.path
        .slice(prefix.length)
        .replace(/:([A-Za-z0-9_]+)(\{(?:[^{}]|\{[^{}]*\})*\})?/g, "{$1}");
      return `${route.method} ${path || "/"}`;
    });
  return [...new Set(operations)].sort();
}

export const documentedOperations = (document: Document): string[] =>
  Object.entries(document.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

/** The operation at `METHOD /path`, or a failure naming what is missing. */
export function operationOf(document: Document, key: string): Operation {
  const [method, path] = key.split(" ") as [string, string];
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${key} is not in the document`);
  return operation;
}

/**
 * Checks a body against the JSON response schema the document gives `METHOD /path` for
 * `status`; returns ajv's errors (null when it conforms). The document's components go along,
 * so its `#/components/schemas/…` references resolve.
 */
export function responseErrors(document: Document, key: string, status: number, body: unknown) {
  const schema = operationOf(document, key).responses[String(status)]?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`${key} documents no JSON body for ${status}`);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile({ ...schema, components: document.components });
  return validate(body) ? null : validate.errors;
}
