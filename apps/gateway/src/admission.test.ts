import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTINUED, rawConnection } from "../test/raw-connection.ts";
import { ROOT_TOKEN, startTestServer, type TestServer } from "../test/test-server.ts";

const onPglite = !process.env.TEST_DATABASE_URL;

/**
 * A request held in flight: its head has arrived (the server answered 100 Continue, and a
 * server emits the request in the same turn), its body not yet. `finish()` sends the body and
 * resolves with the answer's status once the server has closed the connection.
 */
async function holdRequest(url: string) {
  const body = JSON.stringify({
    username: "held",
    name: "Held",
    email: "held@example.com",
    password: "password-123",
  });
  const connection = rawConnection(Number(new URL(url).port));
  await connection.write(
    `POST /api/v4/users HTTP/1.1\r\nHost: x\r\nPRIVATE-TOKEN: ${ROOT_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\nExpect: 100-continue\r\n\r\n`,
  );
  await connection.until(CONTINUED);
  return {
    async finish() {
      await connection.write(body);
      return (await connection.answer()).status;
    },
  };
}

describe("the embedded store's queue bound", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PGLITE_MAX_QUEUE: "1" });
  });
  afterAll(() => server.stop());

  it.runIf(onPglite)(
    "past PGLITE_MAX_QUEUE, answers 503 with Retry-After at once, in each dialect's shape",
    async () => {
      const held = await holdRequest(server.url);

      const gitlab = await fetch(`${server.url}/api/v4/users/1`, {
        headers: { "PRIVATE-TOKEN": ROOT_TOKEN },
      });
      expect(gitlab.status).toBe(503);
      expect(gitlab.headers.get("retry-after")).toBe("1");
      expect(gitlab.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await gitlab.json()).toEqual({ message: "503 Service Unavailable" });

      for (const path of ["/users/root", "/api/v3/users/root"]) {
        const github = await fetch(`${server.url}${path}`, { headers: { "User-Agent": "admission-test" } });
        expect(github.status, path).toBe(503);
        expect(github.headers.get("retry-after")).toBe("1");
        expect(github.headers.get("content-type")).toBe("application/json; charset=utf-8");
        expect(await github.json()).toEqual({
          message: "Service Unavailable",
          documentation_url: "https://docs.github.com/rest",
          status: "503",
        });
      }

      // The held request was let in before the bound was reached, and finishes as usual;
      // after it, there is room again.
      expect(await held.finish()).toBe(201);
      const after = await fetch(`${server.url}/api/v4/users?username=held`, {
        headers: { "PRIVATE-TOKEN": ROOT_TOKEN },
      });
      expect(after.status).toBe(200);
      expect(((await after.json()) as Array<{ username: string }>).map((u) => u.username)).toEqual(["held"]);
    },
  );

  it.runIf(!onPglite)("on PostgreSQL there is no such bound: its pool queues by itself", async () => {
    const held = await holdRequest(server.url);
    const gitlab = await fetch(`${server.url}/api/v4/users/1`, { headers: { "PRIVATE-TOKEN": ROOT_TOKEN } });
    expect(gitlab.status).toBe(200);
    expect(await held.finish()).toBe(201);
  });
});
