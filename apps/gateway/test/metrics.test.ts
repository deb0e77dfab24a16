// Prometheus metrics on a running server, scraped after real requests in both dialects and read
// with a strict parser: route patterns (never raw paths), statuses, latency histograms, follows
// and unfollows written, rate-limit refusals, the database pool and the process defaults; on
// METRICS_PORT apart from the APIs; and none at all (the dialects' 404) when off.
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { metricsResponse } from "../src/metrics/metrics-endpoint.ts";
import { type Family, parsePrometheusText, sampleValue } from "./prometheus-text.ts";
import {
  createGitHubUserWithToken,
  createUserWithToken,
  ROOT_TOKEN,
  startTestServer,
} from "./test-server.ts";

const scrape = async (url: string) => {
  const answer = await fetch(url);
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parsePrometheusText(await answer.text());
};

const gitlab = (token: string) => ({ "PRIVATE-TOKEN": token });
const github = (token: string) => ({ Authorization: `token ${token}`, "User-Agent": "metrics-test" });

/** Every route label any series carries. */
const routesIn = (families: Map<string, Family>) =>
  new Set([...families.values()].flatMap((f) => f.samples.map((s) => s.labels.route)).filter(Boolean));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("the strict exposition parser", () => {
  it("refuses what Prometheus would refuse", () => {
    expect(() => parsePrometheusText("x_total 1\n")).toThrow(/no TYPE/);
    expect(() => parsePrometheusText("# TYPE x counter\nx{a=b} 1\n")).toThrow(/bad labels/);
    expect(() => parsePrometheusText("# TYPE x counter\nx one\n")).toThrow(/not a sample/);
    expect(() => parsePrometheusText("# TYPE x counter\nx 1")).toThrow(/line feed/);
    expect(() =>
      parsePrometheusText(
        '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      ),
    ).toThrow(/cumulative/);
    expect(() =>
      parsePrometheusText(
        '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n',
      ),
    ).toThrow(/_count/);
  });
});

describe("METRICS=1: /metrics on the main port", () => {
  it("counts both dialects' requests by route pattern and status, with histograms, follows written and refusals", async () => {
    // One anonymous request an hour at the root: the second is GitHub's rate-limit 403.
    const server = await startTestServer({ METRICS: "1", GITHUB_RATE_LIMIT: "root=100,1" });
    try {
      const alice = await createUserWithToken(server.url, "alice");
      const bob = await createGitHubUserWithToken(server.url, "bob");
      const carol = await createUserWithToken(server.url, "carol");
      const post = (path: string, token: string) =>
        fetch(`${server.url}${path}`, { method: "POST", headers: gitlab(token) });
      expect((await post(`/api/v4/users/${bob.id}/follow`, alice.token)).status).toBe(201);
      // Already following: GitLab's 304, and no follow written.
      expect((await post(`/api/v4/users/${bob.id}/follow`, alice.token)).status).toBe(304);
      expect((await post(`/api/v4/users/${carol.id}/follow`, alice.token)).status).toBe(201);
      expect((await post(`/api/v4/users/${carol.id}/unfollow`, alice.token)).status).toBe(201);
      expect((await post("/api/v4/users/not-a-number/follow", alice.token)).status).toBe(404);
      const put = await fetch(`${server.url}/api/v3/user/following/carol`, {
        method: "PUT",
        headers: { ...github(bob.token), "Content-Length": "0" },
      });
      expect(put.status).toBe(204);
      const del = await fetch(`${server.url}/api/v3/user/following/carol`, {
        method: "DELETE",
        headers: github(bob.token),
      });
      expect(del.status).toBe(204);
      // GitHub answers 204 for a follow that changes nothing too: only the first is written.
      for (let i = 0; i < 2; i++) {
        const followAlice = await fetch(`${server.url}/user/following/alice`, {
          method: "PUT",
          headers: { ...github(bob.token), "Content-Length": "0" },
        });
        expect(followAlice.status).toBe(204);
      }
      const anonymous = { "User-Agent": "metrics-test" };
      expect((await fetch(`${server.url}/users/bob/followers`, { headers: anonymous })).status).toBe(200);
      const refused = await fetch(`${server.url}/users/bob/followers`, { headers: anonymous });
      expect([refused.status, refused.headers.get("x-ratelimit-remaining")]).toEqual([403, "0"]);
      const followers = await fetch(`${server.url}/api/v4/users/${bob.id}/followers`, {
        headers: gitlab(carol.token),
      });
      expect(followers.status).toBe(200);

      const families = await scrape(`${server.url}/metrics`);
      const requests = (labels: Record<string, string>) =>
        sampleValue(families, "follow_graph_http_requests_total", labels);
      expect(
        requests({ dialect: "gitlab", method: "POST", route: "/api/v4/users/:id/follow", status: "201" }),
      ).toBe(2);
      expect(
        requests({ dialect: "gitlab", method: "POST", route: "/api/v4/users/:id/follow", status: "304" }),
      ).toBe(1);
      expect(
        requests({ dialect: "gitlab", method: "POST", route: "/api/v4/users/:id/unfollow", status: "201" }),
      ).toBe(1);
      // No route matched a non-numeric id: the catch-all's pattern, not the path asked for.
      expect(requests({ dialect: "gitlab", method: "POST", route: "/api/v4/*", status: "404" })).toBe(1);
      expect(
        requests({
          dialect: "github",
          method: "PUT",
          route: "/api/v3/user/following/:username",
          status: "204",
        }),
      ).toBe(1);
      expect(
        requests({ dialect: "github", method: "PUT", route: "/user/following/:username", status: "204" }),
      ).toBe(2);
      expect(
        requests({ dialect: "github", method: "GET", route: "/users/:username/followers", status: "403" }),
      ).toBe(1);
      expect(
        requests({ dialect: "gitlab", method: "GET", route: "/api/v4/users/:id/followers", status: "200" }),
      ).toBe(1);

      const routes = routesIn(families);
      for (const route of routes) {
        expect(route).not.toMatch(/\/\d+(\/|$)/);
        expect(route).not.toMatch(/alice|bob|carol|not-a-number/);
      }

      // The latency histogram has one observation per request of its route.
      const followLatency = { dialect: "gitlab", method: "POST", route: "/api/v4/users/:id/follow" };
      expect(sampleValue(families, "follow_graph_http_request_duration_seconds_count", followLatency)).toBe(
        3,
      );
      expect(
        sampleValue(families, "follow_graph_http_request_duration_seconds_sum", followLatency),
      ).toBeGreaterThan(0);
      expect(families.get("follow_graph_http_request_duration_seconds")?.type).toBe("histogram");

      expect(sampleValue(families, "follow_graph_follows_written_total", { dialect: "gitlab" })).toBe(2);
      expect(sampleValue(families, "follow_graph_unfollows_written_total", { dialect: "gitlab" })).toBe(1);
      expect(sampleValue(families, "follow_graph_follows_written_total", { dialect: "github" })).toBe(2);
      expect(sampleValue(families, "follow_graph_unfollows_written_total", { dialect: "github" })).toBe(1);
      expect(
        sampleValue(families, "follow_graph_rate_limit_refusals_total", {
          route: "/users/:username/followers",
        }),
      ).toBe(1);

      const driver = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
      expect(sampleValue(families, "follow_graph_database_pool_max_connections", { driver })).toBe(
        driver === "postgres" ? 10 : 1,
      );
      expect(sampleValue(families, "follow_graph_database_operations_in_flight")).toBe(0);
      expect(sampleValue(families, "follow_graph_database_errors_total")).toBe(0);
      // Node's process defaults are there too.
      expect(sampleValue(families, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
      expect(sampleValue(families, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
      for (const family of families.values()) expect(family.help, family.name).not.toBe("");
    } finally {
      await server.stop();
    }
  });
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("METRICS_PORT and METRICS off", () => {
  it("METRICS_PORT serves /metrics apart from the APIs, whose port has none", async () => {
    const port = await freePort();
    const server = await startTestServer({ METRICS_PORT: String(port) });
    try {
      expect(server.metricsUrl).toBe(`http://127.0.0.1:${port}/metrics`);
      await fetch(`${server.url}/api/v4/users/1`, { headers: gitlab(ROOT_TOKEN) });
      const families = await scrape(server.metricsUrl!);
      expect(
        sampleValue(families, "follow_graph_http_requests_total", {
          dialect: "gitlab",
          route: "/api/v4/users/:id",
          status: "200",
        }),
      ).toBe(1);
      // The APIs' port answers /metrics as api.github.com's layout answers any unknown path.
      const onApi = await fetch(`${server.url}/metrics`, { headers: { "User-Agent": "metrics-test" } });
      expect(onApi.status).toBe(404);
      expect(await onApi.json()).toMatchObject({ message: "Not Found" });
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      await server.stop();
    }
    // Stopping the server frees its metrics port.
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it("counts the API documents and their page as docs, by pattern, never as a dialect's", async () => {
    const port = await freePort();
    const server = await startTestServer({ METRICS_PORT: String(port) });
    try {
      expect((await fetch(`${server.url}/-/openapi/github.json`)).status).toBe(200);
      expect((await fetch(`${server.url}/-/docs`)).status).toBe(200);
      expect((await fetch(`${server.url}/-/docs/assets/nope.js`)).status).toBe(404);
      const families = await scrape(server.metricsUrl!);
      const count = (route: string, status: string) =>
        sampleValue(families, "follow_graph_http_requests_total", { dialect: "docs", route, status });
      expect(count("/-/openapi/*", "200")).toBe(1);
      expect(count("/-/docs", "200")).toBe(1);
      expect(count("/-/docs/*", "404")).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it("counts the control API as control, and its paths as GitHub's when it is off", async () => {
    const port = await freePort();
    const on = await startTestServer({ METRICS_PORT: String(port), FOLLOW_GRAPH_CONTROL: "1" });
    try {
      const state = await fetch(`${on.url}/__follow-graph/state`, { headers: gitlab(ROOT_TOKEN) });
      expect(state.status).toBe(200);
      const families = await scrape(on.metricsUrl!);
      expect(
        sampleValue(families, "follow_graph_http_requests_total", {
          dialect: "control",
          route: "/__follow-graph/*",
          status: "200",
        }),
      ).toBe(1);
    } finally {
      await on.stop();
    }
    const off = await startTestServer({ METRICS_PORT: String(port) });
    try {
      const state = await fetch(`${off.url}/__follow-graph/state`, {
        headers: { "User-Agent": "metrics-test" },
      });
      expect(state.status).toBe(404);
      const families = await scrape(off.metricsUrl!);
      expect(
        sampleValue(families, "follow_graph_http_requests_total", {
          dialect: "github",
          route: "/*",
          status: "404",
        }),
      ).toBe(1);
    } finally {
      await off.stop();
    }
  });

  it("without METRICS or METRICS_PORT, /metrics is the dialects' own 404", async () => {
    const server = await startTestServer();
    try {
      expect(server.metricsUrl).toBeUndefined();
      const root = await fetch(`${server.url}/metrics`, { headers: { "User-Agent": "metrics-test" } });
      expect([root.status, await root.json()]).toEqual([
        404,
        { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" },
      ]);
      const v4 = await fetch(`${server.url}/api/v4/metrics`);
      expect([v4.status, await v4.json()]).toEqual([404, { error: "404 Not Found" }]);
    } finally {
      await server.stop();
    }
  });
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("a scrape whose figures cannot be gathered", () => {
  it("is a 503 that says why, never a partial exposition", async () => {
    // What a worker's scrape meets when the primary's collection from the workers timed out.
    const answer = await metricsResponse({
      contentType: "text/plain; version=0.0.4; charset=utf-8",
      metrics: () => Promise.reject(new Error("Operation timed out.")),
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(await answer.text()).toBe("Metrics unavailable: Operation timed out.\n");
  });
});
