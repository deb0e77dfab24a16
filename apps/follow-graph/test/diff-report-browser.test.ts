// The HTML report of a real run (the built-in catalogue through the three layouts of a fresh
// server) opened as a file in Debian's headless Chromium at a laptop's 1366×768: what a reader
// sees, clicks and scrolls. `UPDATE_SCREENSHOT=1` also writes docs/diff-report.png, the
// README's picture of it. Engine-independent, so it runs once per CI.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogue } from "../src/diff/catalogue/index.ts";
import { dialectColumns } from "../src/diff/columns.ts";
import { renderHtml } from "../src/diff/render/index.ts";
import type { DiffReport } from "../src/diff/report-model.ts";
import { runScenarios } from "../src/diff/runner.ts";

const VIEWPORT = { width: 1366, height: 768 };
const SCREENSHOT = fileURLToPath(new URL("../../../docs/diff-report.png", import.meta.url));
// The run takes about 11 s on a busy machine, Chromium a few more.
const SETUP_TIMEOUT = 120_000;

async function runCatalogue(): Promise<DiffReport> {
  const columns = await dialectColumns(undefined);
  try {
    const { report } = await runScenarios(catalogue(), columns.plans, { mode: "dialects", server: "fresh" });
    return report;
  } finally {
    await columns.close();
  }
}

/** The first step and column of a differing scenario whose response has a JSON object body. */
function firstObjectBody(report: DiffReport) {
  for (const scenario of report.scenarios) {
    if (!scenario.differs) continue;
    for (const step of scenario.steps)
      for (const [column, outcome] of Object.entries(step.outcomes)) {
        const body = outcome.exchange?.response.body;
        if (body !== null && typeof body === "object" && !Array.isArray(body))
          return { scenario: scenario.name, step: step.index, column, body };
      }
  }
  throw new Error("no differing scenario has a JSON object response body");
}

/** What the checks read of an element in the page: the package compiles without DOM types. */
interface PageElement {
  tagName: string;
  className: string;
  scrollWidth: number;
  clientWidth: number;
  id: string;
  open?: boolean;
  children: ArrayLike<PageElement>;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; right: number };
  ownerDocument: {
    documentElement: PageElement;
    body: PageElement;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
    defaultView: {
      getComputedStyle(element: PageElement): {
        overflowX: string;
        backgroundColor: string;
        lineHeight: string;
      };
      scrollTo(x: number, y: number): void;
    };
  };
}

const scrollTop = (page: Page) =>
  page.locator("html").evaluate((root: PageElement) => root.ownerDocument.defaultView.scrollTo(0, 0));
const topOf = (element: PageElement) => element.getBoundingClientRect().top;
const isOpen = (element: PageElement) => element.open === true;

/** The page's layout at `width` with every body open: what spills, and how columns sit. */
async function layoutWithBodiesOpen(page: Page, width: number) {
  await page.setViewportSize({ width, height: VIEWPORT.height });
  await page.locator("[data-action=expand]").click();
  try {
    return await page.locator("html").evaluate((root: PageElement) => {
      const document = root.ownerDocument;
      const style = (el: PageElement) => document.defaultView.getComputedStyle(el);
      // An element wider than its box is fine only if that box scrolls or clips it.
      const spilling = Array.from(document.querySelectorAll("body *"))
        .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
        .filter((el) => !["auto", "scroll", "hidden"].includes(style(el).overflowX))
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      const grids = Array.from(document.querySelectorAll(".columns"));
      // A step's columns stay inside the step, however they are laid out.
      const outside = grids.filter((grid) => {
        const right = grid.getBoundingClientRect().right;
        return Array.from(grid.children).some((child) => child.getBoundingClientRect().right > right + 1);
      }).length;
      // How many rows each step's columns take: 1 is side by side.
      const rows = grids.map(
        (grid) =>
          new Set(Array.from(grid.children).map((child) => Math.round(child.getBoundingClientRect().top)))
            .size,
      );
      return {
        pageWidth: root.scrollWidth,
        viewWidth: root.clientWidth,
        bodyWidth: document.body.scrollWidth,
        spilling,
        outside,
        grids: grids.length,
        rowsPerStep: [...new Set(rows)].sort((a, b) => a - b),
      };
    });
  } finally {
    await page.locator("[data-action=collapse]").click();
    await page.setViewportSize(VIEWPORT);
    await scrollTop(page);
  }
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("the diff report in headless Chromium", () => {
  let report: DiffReport;
  let dir: string;
  let fileUrl: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    report = await runCatalogue();
    dir = mkdtempSync(join(tmpdir(), "follow-graph-report-"));
    const file = join(dir, "report.html");
    writeFileSync(file, renderHtml(report));
    fileUrl = pathToFileURL(file).href;
    // Debian's chromium package: playwright-core never downloads a browser of its own.
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    page = await browser.newPage({ viewport: VIEWPORT, colorScheme: "light" });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(fileUrl, { waitUntil: "load" });
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the summary matrix first: a row per scenario under the three columns' headings", async () => {
    const matrix = page.locator("table.matrix");
    await expect(matrix.isVisible()).resolves.toBe(true);
    const box = await matrix.boundingBox();
    expect(box?.y).toBeLessThan(VIEWPORT.height / 2);
    const headings = await matrix.locator("thead th").allTextContents();
    expect(headings).toEqual(["Scenario", ...report.columns.map((column) => column.label)]);
    const rows = matrix.locator("tbody tr");
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-scenario")))).toEqual(
      catalogue().map((scenario) => scenario.name),
    );
    const first = report.scenarios[0]!;
    const cells = await rows.first().locator("td").allTextContents();
    expect(cells).toEqual(report.columns.map((column) => first.outcome[column.id]));
  });

  it("links each matrix row, its title and every cell, to the section in the same place", async () => {
    const links = await page
      .locator("table.matrix tbody tr")
      .evaluateAll((rows: PageElement[]) =>
        rows.map((row) => Array.from(row.querySelectorAll("a")).map((a) => a.getAttribute("href"))),
      );
    const ids = await page
      .locator("section.scenario")
      .evaluateAll((all: PageElement[]) => all.map((s) => s.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(links).toEqual(ids.map((id) => Array(1 + report.columns.length).fill(`#${id}`)));
  });

  it("has a section per scenario of the catalogue, in its order", async () => {
    expect(report.scenarios).toHaveLength(catalogue().length);
    const sections = page.locator("section.scenario");
    expect(await sections.count()).toBe(catalogue().length);
    expect(await sections.evaluateAll((all) => all.map((s) => s.getAttribute("data-scenario")))).toEqual(
      catalogue().map((scenario) => scenario.name),
    );
    expect(await sections.first().locator(".step").count()).toBe(report.scenarios[0]!.steps.length);
  });

  it("marks the scenarios that differ, in the matrix and in their sections, and only those", async () => {
    const differing = report.scenarios.filter((scenario) => scenario.differs).map((s) => s.name);
    // The catalogue exists to show differences: a run where none differ has lost its point.
    expect(differing.length).toBeGreaterThan(0);
    expect(differing.length).toBeLessThan(report.scenarios.length);
    const marked = (selector: string) =>
      page.locator(selector).evaluateAll((all) => all.map((el) => el.getAttribute("data-scenario")));
    expect(await marked('table.matrix tr[data-differs="true"]')).toEqual(differing);
    expect(await marked('section.scenario[data-differs="true"]')).toEqual(differing);
    for (const name of differing) {
      await expect(page.locator(`tr[data-scenario="${name}"] .mark`).textContent()).resolves.toBe("≠");
      await expect(page.locator(`section[data-scenario="${name}"] .badge`).textContent()).resolves.toBe(
        "differs",
      );
    }
    const same = report.scenarios.find((scenario) => !scenario.differs)!;
    await expect(page.locator(`section[data-scenario="${same.name}"] .badge`).textContent()).resolves.toBe(
      "same",
    );
    // The mark must be visible, not just an attribute: a differing cell has its own background.
    const background = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el: PageElement) => el.ownerDocument.defaultView.getComputedStyle(el).backgroundColor);
    const differs = await background('table.matrix td[data-differs="true"]');
    const agrees = await background('table.matrix td[data-differs="false"]');
    expect(differs).not.toBe(agrees);
  });

  it("opens a collapsed body when its summary is clicked, pretty-printed", async () => {
    const target = firstObjectBody(report);
    const details = page.locator(
      `section[data-scenario="${target.scenario}"] .step[data-step="${target.step}"] ` +
        `.outcome[data-column="${target.column}"] details[data-body="response body"]`,
    );
    await expect(details.evaluate(isOpen)).resolves.toBe(false);
    const pre = details.locator("pre");
    await expect(pre.isVisible()).resolves.toBe(false);
    await details.locator("summary").click();
    await expect(details.evaluate(isOpen)).resolves.toBe(true);
    await expect(pre.isVisible()).resolves.toBe(true);
    const text = (await pre.textContent()) ?? "";
    expect(text).toBe(JSON.stringify(target.body, null, 2));
    // Shown a field to a line, not squashed onto one: the box is many lines high.
    const lines = text.split("\n").length;
    expect(lines).toBeGreaterThan(Object.keys(target.body).length);
    const lineHeight = await pre.evaluate((el: PageElement) =>
      Number.parseFloat(el.ownerDocument.defaultView.getComputedStyle(el).lineHeight),
    );
    const box = await pre.boundingBox();
    expect(box?.height).toBeGreaterThan(Math.min(lines, 20) * lineHeight * 0.9);
    await details.locator("summary").click();
    await expect(pre.isVisible()).resolves.toBe(false);
    await scrollTop(page);
  });

  it("jumps from a matrix link to its scenario", async () => {
    // The last scenario: its section is far below the first screen.
    const last = report.scenarios[report.scenarios.length - 1]!;
    const section = page.locator(`section[data-scenario="${last.name}"]`);
    const before = await section.evaluate(topOf);
    expect(before).toBeGreaterThan(VIEWPORT.height);
    await page.locator(`table.matrix tr[data-scenario="${last.name}"] th a`).click();
    expect(new URL(page.url()).hash).toBe(`#${await section.getAttribute("id")}`);
    const top = await section.evaluate(topOf);
    expect(top).toBeGreaterThanOrEqual(-1);
    expect(top).toBeLessThan(VIEWPORT.height / 4);
    // And back: each scenario links up to the matrix.
    await section.locator("a.to-summary").click();
    const matrixTop = await page.locator("table.matrix").evaluate(topOf);
    expect(Math.abs(matrixTop)).toBeLessThan(VIEWPORT.height / 4);
    await scrollTop(page);
  });

  it("expands every body at once, and can hide the steps that agree", async () => {
    const details = page.locator("details");
    const all = await details.count();
    expect(all).toBeGreaterThan(report.scenarios.length);
    const open = () =>
      details.evaluateAll((all: PageElement[]) => all.filter((el) => el.open === true).length);
    await page.locator("[data-action=expand]").click();
    await expect(open()).resolves.toBe(all);
    await page.locator("[data-action=collapse]").click();
    await expect(open()).resolves.toBe(0);
    const agreeing = page.locator('.step[data-differs="false"]');
    const differing = page.locator('.step[data-differs="true"]');
    expect(await agreeing.count()).toBeGreaterThan(0);
    await page.locator("[data-action=only-differing]").check();
    await expect(agreeing.first().isVisible()).resolves.toBe(false);
    await expect(differing.first().isVisible()).resolves.toBe(true);
    await page.locator("[data-action=only-differing]").uncheck();
    await expect(agreeing.first().isVisible()).resolves.toBe(true);
    await scrollTop(page);
  });

  it("fits 1366 px with every body open: no sideways scroll, the columns of a step side by side", async () => {
    const layout = await layoutWithBodiesOpen(page, VIEWPORT.width);
    expect(layout.viewWidth).toBe(VIEWPORT.width);
    expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewWidth);
    expect(layout.bodyWidth).toBeLessThanOrEqual(layout.viewWidth);
    expect(layout.spilling).toEqual([]);
    expect(layout.outside).toBe(0);
    expect(layout.grids).toBe(report.scenarios.reduce((sum, scenario) => sum + scenario.steps.length, 0));
    expect(layout.rowsPerStep).toEqual([1]);
  });

  it("wraps the columns onto new rows in a narrow window instead of overflowing", async () => {
    const layout = await layoutWithBodiesOpen(page, 640);
    expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewWidth);
    expect(layout.spilling).toEqual([]);
    expect(layout.outside).toBe(0);
    expect(Math.min(...layout.rowsPerStep)).toBeGreaterThan(1);
  });

  it.runIf(process.env.UPDATE_SCREENSHOT === "1")("writes docs/diff-report.png", async () => {
    await page.goto(fileUrl, { waitUntil: "load" });
    // The top of the report (totals and matrix) down through the first differing step with its
    // first body open, so the picture shows the matrix, the columns side by side and a body.
    const firstStep = page
      .locator('section.scenario[data-differs="true"] .step[data-differs="true"]')
      .first();
    await firstStep.locator("details summary").first().click();
    await scrollTop(page);
    const box = await firstStep.boundingBox();
    if (!box) throw new Error("the first differing step has no box");
    const height = Math.ceil(box.y + box.height + 16);
    await page.screenshot({
      path: SCREENSHOT,
      fullPage: true,
      clip: { x: 0, y: 0, width: VIEWPORT.width, height },
    });
  });

  it("loads nothing but its own file and logs no errors, through everything above", () => {
    expect(requests.filter((url) => url !== fileUrl)).toEqual([]);
    expect(requests).toContain(fileUrl);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
