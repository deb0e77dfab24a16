import { afterAll, beforeAll } from "vitest";
import { bootstrapRoot } from "../bootstrap.ts";
import { createTestDatabase, type TestDatabase } from "./index.ts";
import { createSeeder } from "./seed.ts";

/**
 * One database and core per test file, with root (id 1) signing in with `rootToken`:
 * created in the file's `beforeAll` (then `onReady` builds the app under test), cleaned up
 * in its `afterAll`. Call at the top of a test file.
 */
export function setupTestGraph(rootToken: string, onReady: (t: TestDatabase) => void) {
  let t: TestDatabase | undefined;
  const database = () => {
    if (!t) throw new Error("the test graph is used before its beforeAll ran");
    return t;
  };
  beforeAll(async () => {
    t = await createTestDatabase();
    await bootstrapRoot(t.core, rootToken);
    onReady(t);
  });
  afterAll(() => t?.cleanup());
  return { database, seeder: createSeeder(database) };
}

/** The status and parsed body of a response (`undefined` when there is no body). */
export async function read(res: Response): Promise<{ status: number; body: unknown }> {
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
}
