import { type Core, isDomainError, type PageOptions } from "@follow-graph/core";
import { Hono } from "hono";
import * as v from "valibot";
import type { Control } from "./control.ts";
import { problem, readJson } from "./json-body.ts";

// The migration commands' remote target (follow-graph import/export --url): a batch import in
// one transaction on the server's own store, and the keyset pages of its edges and users.

/** Edges or users in one batch at most; the commands send 5,000 edges at a time. */
const MAX_BATCH = 100_000;

const login = v.pipe(v.string(), v.minLength(1));
const externalId = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)));

const ImportBodySchema = v.strictObject({
  mode: v.optional(v.picklist(["merge", "overwrite"], "mode must be merge or overwrite"), "merge"),
  users: v.optional(
    v.pipe(
      v.array(
        v.strictObject({
          login,
          name: v.optional(v.string()),
          identities: v.optional(
            v.strictObject({
              github: v.optional(v.strictObject({ login, id: externalId })),
              gitlab: v.optional(v.strictObject({ username: login, id: externalId })),
            }),
          ),
        }),
      ),
      v.maxLength(MAX_BATCH),
    ),
    [],
  ),
  edges: v.optional(
    v.pipe(
      v.array(
        v.strictObject({
          follower: login,
          followee: login,
          at: v.optional(
            v.pipe(
              v.string(),
              v.check((s) => !Number.isNaN(Date.parse(s)), "at must be an ISO 8601 time"),
              v.transform((s) => new Date(s)),
            ),
          ),
        }),
      ),
      v.maxLength(MAX_BATCH),
    ),
    [],
  ),
  replaces: v.optional(
    v.strictObject({ list: v.picklist(["following", "followers"]), owners: v.array(login) }),
  ),
});

/** `?after=…&limit=…&users=a,b` as the core's page options, or the problem with it. */
function pageOptions(query: Record<string, string>): PageOptions | string {
  const { after, limit, users, ...rest } = query;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) return `Unknown parameter '${unknown}'`;
  if (limit !== undefined && !/^\d{1,6}$/.test(limit)) return "limit must be a whole number";
  return {
    ...(after ? { after } : {}),
    ...(limit ? { limit: Number(limit) } : {}),
    ...(users ? { users: users.split(",").filter(Boolean) } : {}),
  };
}

/** The core's refusals of what the caller sent, as the control API's own 4xx answers. */
async function answering(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (["invalid_input", "invalid_cursor", "user_not_found"].includes(error.code))
      return problem(422, error.message);
    if (error.code === "conflict") return problem(409, error.message);
    throw error;
  }
}

/** Mounted at `/__follow-graph/import`, behind the control API's root-only check. */
export function createImportRoutes(core: Core, control: Control) {
  const app = new Hono();

  app.post("/", async (c) => {
    const body = await readJson(c.req.raw, ImportBodySchema);
    if (!body.ok) return body.answer;
    const { mode, ...batch } = body.value;
    return answering(async () =>
      c.json(await control.beside(() => core.migration.importGraphBatch(batch, mode))),
    );
  });

  // After the last batch: fresh statistics, so the server's plans suit the graph it now holds.
  app.post("/statistics", async (c) => {
    await control.beside(() => core.migration.refreshGraphStatistics());
    return c.body(null, 204);
  });

  app.get("/edges", (c) => {
    const options = pageOptions(c.req.query());
    if (typeof options === "string") return problem(422, options);
    return answering(async () => {
      const page = await core.migration.selectEdgePage(options);
      return c.json({
        edges: page.rows.map((e) => ({ follower: e.follower, followee: e.followee, at: e.at.toISOString() })),
        next: page.next,
      });
    });
  });

  app.get("/users", (c) => {
    const options = pageOptions(c.req.query());
    if (typeof options === "string") return problem(422, options);
    return answering(async () => {
      const page = await core.migration.selectUserPage(options);
      return c.json({
        users: page.rows.map(({ login, name, identities }) => ({ login, name, identities })),
        next: page.next,
      });
    });
  });

  return app;
}
