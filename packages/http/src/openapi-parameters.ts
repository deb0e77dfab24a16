import { toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";

/** One OpenAPI 3.1 parameter object. */
export interface OpenApiParameter {
  in: "path" | "query" | "header";
  name: string;
  required?: boolean;
  description?: string;
  schema: Record<string, unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: any object schema's entries will do.
type AnyObjectSchema = v.ObjectSchema<any, any>;

/**
 * OpenAPI parameter objects for the entries of a valibot object schema: a route's path or
 * query described once, with valibot's own JSON Schema conversion (draft 2020-12, what
 * OpenAPI 3.1 uses). A path parameter is always required; a description moves from the schema
 * up to the parameter, where documentation tools show it.
 */
export function parametersOf(location: OpenApiParameter["in"], schema: AnyObjectSchema): OpenApiParameter[] {
  const json = toJsonSchema(schema, { target: "draft-2020-12" }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    const required = location === "path" || (json.required ?? []).includes(name);
    return {
      in: location,
      name,
      ...(required ? { required: true } : {}),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}
