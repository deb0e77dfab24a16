// /-/docs in headless Chromium (Debian's, through playwright-core): Swagger UI served from this
// server alone renders the follower operations of each dialect, switching with its picker.
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./test-server.ts";

const SETUP_TIMEOUT = 120_000;
const RENDER_TIMEOUT = 60_000;

// The page does not depend on the database engine: this runs in the PGlite pass only.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the documentation page", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    page = await browser.newPage();
    page.on("request", (request) => requests.push(request.url()));
    page.on("pageerror", (error) => pageErrors.push(error.message));
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const operation = (path: string, method: string) =>
    page.locator(`.opblock-${method} .opblock-summary-path[data-path="${path}"]`);

  it(
    "renders GitHub's follower operations first, loading nothing from elsewhere",
    async () => {
      const answer = await page.goto(`${server.url}/-/docs`, { waitUntil: "load" });
      expect(answer?.status()).toBe(200);
      await operation("/users/{username}/followers", "get").first().waitFor({ timeout: RENDER_TIMEOUT });
      for (const [path, method] of [
        ["/user/followers", "get"],
        ["/user/following", "get"],
        ["/user/following/{username}", "put"],
        ["/user/following/{username}", "delete"],
        ["/users/{username}/following/{target_user}", "get"],
      ] as const)
        await expect(operation(path, method).count()).resolves.toBe(1);
      expect(await page.locator(".info .title").first().textContent()).toContain("GitHub REST dialect");
      expect(requests.filter((url) => !url.startsWith(`${server.url}/`))).toEqual([]);
      expect(requests).toContain(`${server.url}/-/openapi/github.json`);
      expect(pageErrors).toEqual([]);
    },
    RENDER_TIMEOUT * 2,
  );

  it(
    "switches to GitLab's document with the picker",
    async () => {
      await page.locator(".topbar select").selectOption({ label: "GitLab v4 dialect" });
      await operation("/users/{id}/follow", "post").waitFor({ timeout: RENDER_TIMEOUT });
      for (const [path, method] of [
        ["/users/{id}/unfollow", "post"],
        ["/users/{id}/followers", "get"],
        ["/users/{id}/following", "get"],
      ] as const)
        await expect(operation(path, method).count()).resolves.toBe(1);
      await expect(operation("/users/{username}/followers", "get").count()).resolves.toBe(0);
      expect(requests.filter((url) => !url.startsWith(`${server.url}/`))).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
    RENDER_TIMEOUT * 2,
  );

  it("serves only its own assets", async () => {
    const css = await fetch(`${server.url}/-/docs/assets/swagger-ui.css`);
    expect([css.status, css.headers.get("content-type")]).toEqual([200, "text/css; charset=utf-8"]);
    expect((await fetch(`${server.url}/-/docs/assets/package.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/-/docs/assets/..%2fpackage.json`)).status).toBe(404);
  });
});
