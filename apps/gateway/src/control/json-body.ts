import * as v from "valibot";

// The control API's bodies and refusals: plain JSON of its own, `{message, problems?}`.

/** Fixture documents may be far larger than a dialect's request bodies (MAX_BODY_BYTES). */
export const MAX_CONTROL_BODY_BYTES = 64 * 1024 * 1024;

export const problem = (status: 404 | 409 | 413 | 422, message: string, problems?: string[]) =>
  Response.json({ message, ...(problems ? { problems } : {}) }, { status });

/** Each valibot issue as `path: message`. */
const issuesOf = (issues: readonly v.BaseIssue<unknown>[]) =>
  issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => String(p.key)).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });

export async function readBody(
  request: Request,
): Promise<{ ok: true; text: string } | { ok: false; answer: Response }> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_CONTROL_BODY_BYTES)
    return { ok: false, answer: problem(413, `The body is larger than ${MAX_CONTROL_BODY_BYTES} bytes`) };
  return { ok: true, text: await request.text() };
}

/** A JSON body validated by `schema`, or the 422 saying why not. */
export async function readJson<S extends v.GenericSchema>(
  request: Request,
  schema: S,
): Promise<{ ok: true; value: v.InferOutput<S> } | { ok: false; answer: Response }> {
  const body = await readBody(request);
  if (!body.ok) return body;
  let parsed: unknown;
  try {
    parsed = body.text.trim() === "" ? {} : JSON.parse(body.text);
  } catch {
    return { ok: false, answer: problem(422, "The body is not valid JSON") };
  }
  const result = v.safeParse(schema, parsed);
  if (!result.success) {
    const problems = issuesOf(result.issues);
    return { ok: false, answer: problem(422, `Invalid body: ${problems.join("; ")}`, problems) };
  }
  return { ok: true, value: result.output };
}
