import type { Core } from "@follow-graph/core";
import { Hono } from "hono";
import * as v from "valibot";
import { type Control, ControlRefusal, FixtureError, SnapshotNotFound } from "./control.ts";
import { refuseUnlessRoot } from "./control-auth.ts";
import { FaultSpecSchema } from "./faults.ts";
import { parseFixtureText } from "./fixture-text.ts";
import { createImportRoutes } from "./import-routes.ts";
import { problem, readBody, readJson } from "./json-body.ts";

/** Where the control API lives: a root path neither dialect uses. */
export const CONTROL_PREFIX = "/__follow-graph";

const NewUserSchema = v.strictObject({
  username: v.string(),
  scopes: v.optional(v.array(v.string())),
  admin: v.optional(v.boolean()),
  private: v.optional(v.boolean()),
  state: v.optional(v.picklist(["active", "blocked", "banned", "deactivated"])),
  name: v.optional(v.string()),
  email: v.optional(v.string()),
});
const EdgeSchema = v.strictObject({
  follower: v.union([v.string(), v.number()]),
  followee: v.union([v.string(), v.number()]),
});

/**
 * The control API on the wire, for suites in any language: root's token only, answers in
 * plain JSON of its own (it is neither dialect's). Refusals of bad input are 4xx with a
 * message; nothing here answers 500 for what a caller sent.
 */
export function createControlRoutes(core: Core, control: Control) {
  const app = new Hono().basePath(CONTROL_PREFIX);

  app.use(async (c, next) => {
    const refused = await refuseUnlessRoot(core, c.req.raw);
    if (refused) return refused;
    await next();
  });

  app.onError((error) => {
    if (error instanceof FixtureError) return problem(422, "Invalid fixtures", error.problems);
    if (error instanceof SnapshotNotFound) return problem(404, error.message);
    if (error instanceof ControlRefusal) return problem(422, error.message);
    console.error(error);
    return Response.json({ message: "The emulator could not complete the request" }, { status: 503 });
  });

  app.post("/reset", async (c) => {
    await control.reset();
    return c.body(null, 204);
  });

  app.post("/fixtures", async (c) => {
    const body = await readBody(c.req.raw);
    if (!body.ok) return body.answer;
    const parsed = parseFixtureText(body.text, c.req.header("content-type"));
    if (!parsed.ok) return problem(422, "Invalid fixtures", [parsed.problem]);
    return c.json(await control.loadFixtures(parsed.doc), 201);
  });

  app.post("/snapshots", async (c) => c.json(await control.snapshot(), 201));
  app.post("/snapshots/:id/restore", async (c) => {
    await control.restore(c.req.param("id"));
    return c.body(null, 204);
  });

  app.get("/state", async (c) => c.json(await control.state()));

  app.get("/requests", (c) => c.json(control.requests()));
  app.delete("/requests", (c) => {
    control.clearRequests();
    return c.body(null, 204);
  });

  app.post("/faults", async (c) => {
    const body = await readJson(c.req.raw, FaultSpecSchema);
    if (!body.ok) return body.answer;
    return c.json(control.injectFault(body.value), 201);
  });
  app.delete("/faults", (c) => {
    control.clearFaults();
    return c.body(null, 204);
  });
  app.delete("/faults/:id", (c) =>
    control.removeFault(c.req.param("id"))
      ? c.body(null, 204)
      : problem(404, `No fault '${c.req.param("id")}'`),
  );

  app.post("/users", async (c) => {
    const body = await readJson(c.req.raw, NewUserSchema);
    if (!body.ok) return body.answer;
    return c.json(await control.createUser(body.value), 201);
  });
  app.post("/follows", async (c) => {
    const body = await readJson(c.req.raw, EdgeSchema);
    if (!body.ok) return body.answer;
    await control.follow(body.value.follower, body.value.followee);
    return c.body(null, 204);
  });
  app.delete("/follows", async (c) => {
    const body = await readJson(c.req.raw, EdgeSchema);
    if (!body.ok) return body.answer;
    await control.unfollow(body.value.follower, body.value.followee);
    return c.body(null, 204);
  });

  app.route("/import", createImportRoutes(core, control));

  app.notFound(() => problem(404, "No such control route"));
  return app;
}
