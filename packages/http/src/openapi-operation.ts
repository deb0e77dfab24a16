import { describeRoute, resolver } from "hono-openapi";
import type * as v from "valibot";
import type { GenericSchema } from "valibot";
import { parametersOf } from "./openapi-parameters.ts";

/** A JSON body or answer described by a valibot schema. */
export const jsonContent = (schema: GenericSchema) => ({ "application/json": { schema: resolver(schema) } });

/** One route's description: its id and words, the publisher's page, its inputs and answers. */
export interface OperationDescription {
  operationId: string;
  summary: string;
  tags: string[];
  /** The publisher's own page on the operation. */
  docs: string;
  path?: v.ObjectSchema<v.ObjectEntries, undefined>;
  query?: v.ObjectSchema<v.ObjectEntries, undefined>;
  body?: GenericSchema;
  responses: Record<number, unknown>;
}

export interface DialectDescriptions {
  /** How the link to the publisher's page is labelled, e.g. "GitHub's documentation". */
  docsLabel: string;
  /** The answers every operation of the dialect may give, beside its own. */
  always: Record<number, unknown>;
  /** The media types a request body may come in (JSON unless the dialect reads more). */
  bodyTypes?: string[];
}

/**
 * A dialect's way of describing its routes (hono-openapi's describeRoute), so that its OpenAPI
 * document is generated from the routes it serves: each operation gets the dialect's common
 * answers and documentation label, its parameters from valibot schemas.
 */
export function operationDescriber({
  docsLabel,
  always,
  bodyTypes = ["application/json"],
}: DialectDescriptions) {
  return ({ operationId, summary, tags, docs, path, query, body, responses }: OperationDescription) =>
    describeRoute({
      operationId,
      summary,
      tags,
      externalDocs: { description: docsLabel, url: docs },
      parameters: [
        ...(path ? parametersOf("path", path) : []),
        ...(query ? parametersOf("query", query) : []),
      ],
      ...(body
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(bodyTypes.map((type) => [type, { schema: resolver(body) }])),
            },
          }
        : {}),
      responses: { ...always, ...responses } as never,
    });
}
