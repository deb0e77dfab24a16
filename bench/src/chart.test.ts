import { describe, expect, it } from "vitest";
import { niceMax, renderChart } from "./chart.ts";
import { sampleReport } from "./sample-report.ts";

describe("renderChart", () => {
  const report = sampleReport();
  const scenarios = report.engines.flatMap((e) => e.scenarios);
  const svg = renderChart({ scenarios, ceilings: { "gitlab-page-100": 8000 }, title: "a < b & c" });

  it("draws one labelled bar per scenario, engine and server", () => {
    expect(svg.startsWith("<svg xmlns=")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    const withReference = scenarios.filter((s) => s.reference).length;
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(scenarios.length + withReference);
    expect(svg).toContain(">3,200</text>");
    expect(svg).toContain(">2,000</text>");
    expect(svg).toContain("PostgreSQL plain reference</text>");
    expect(svg).toContain(">a &lt; b &amp; c</text>");
  });

  it("marks the ceiling of each scenario's response kind, where there is one", () => {
    // Two scenarios (page 1 and the deep page) are gitlab-page-100; the toggles have no ceiling here.
    expect(svg.match(/stroke-dasharray="3,2"><title>ceiling/g)).toHaveLength(2);
    expect(svg).toContain("ceiling 8,000 req/s");
  });
});

describe("niceMax", () => {
  it("rounds the axis up to a value that splits into round ticks", () => {
    expect(niceMax(20_577)).toBe(25_000);
    expect(niceMax(3_200)).toBe(4_000);
    expect(niceMax(8_000)).toBe(8_000);
    expect(niceMax(0)).toBe(1);
  });
});
