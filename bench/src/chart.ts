import { int } from "./format.ts";
import { ENGINE_LABEL, type Engine, type ResponseKind, type ScenarioResult } from "./types.ts";

export interface ChartInput {
  scenarios: ScenarioResult[];
  ceilings: Partial<Record<ResponseKind, number>>;
  title: string;
}

type Server = "gateway" | "reference";
const COLORS: Record<Engine, Record<Server, string>> = {
  postgres: { gateway: "#336791", reference: "#a9c1d9" },
  pglite: { gateway: "#e08a2c", reference: "#f3cc9c" },
};
const SERVER_LABEL: Record<Server, string> = { gateway: "gateway", reference: "plain reference" };

/** One bar series: an engine's gateway, or its reference. */
interface Series {
  engine: Engine;
  server: Server;
}

const rateOf = (s: ScenarioResult, server: Server) =>
  server === "gateway" ? s.median.requestsPerSecond : s.reference?.median.requestsPerSecond;
const WIDTH = 960;
const LABEL = 300;
const VALUE_ROOM = 70;
const BAR = 14;
const GAP = 4;
const GROUP_GAP = 12;
const TOP = 64;

const xml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A round top for the axis, at or above `max`, that splits into five round ticks. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8]) if (step * power >= max) return step * power;
  return 10 * power;
}

/**
 * A horizontal bar chart, hand-written SVG: per scenario, one bar per engine for the gateway and
 * one for the plain reference (where measured), labelled with its requests/s, and a dashed mark
 * at the ceiling of the scenario's response kind.
 */
export function renderChart(input: ChartInput): string {
  const ids = [...new Set(input.scenarios.map((s) => s.id))];
  const engines = [...new Set(input.scenarios.map((s) => s.engine))];
  const series: Series[] = engines.flatMap((engine) => [
    { engine, server: "gateway" as const },
    ...(input.scenarios.some((s) => s.engine === engine && s.reference)
      ? [{ engine, server: "reference" as const }]
      : []),
  ]);
  const values = [
    ...input.scenarios.map((s) => s.median.requestsPerSecond),
    ...input.scenarios.map((s) => s.reference?.median.requestsPerSecond ?? 0),
    ...Object.values(input.ceilings).map((v) => v ?? 0),
  ];
  const top = niceMax(Math.max(0, ...values));
  const plot = WIDTH - LABEL - VALUE_ROOM;
  const x = (v: number) => LABEL + (Math.min(v, top) / top) * plot;
  const groupHeight = series.length * (BAR + GAP) - GAP;
  const height = TOP + ids.length * (groupHeight + GROUP_GAP) + 40;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    // The chart's accessible name, which screen readers (and Biome's a11y lint) look for.
    `<title>${xml(input.title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${xml(input.title)}</text>`,
  );
  // Legend.
  let lx = 16;
  for (const { engine, server } of series) {
    out.push(
      `<rect x="${lx}" y="32" width="12" height="12" fill="${COLORS[engine][server]}"/>`,
      `<text x="${lx + 16}" y="42">${ENGINE_LABEL[engine]} ${SERVER_LABEL[server]}</text>`,
    );
    lx += 170;
  }
  out.push(
    `<line x1="${lx}" y1="30" x2="${lx}" y2="46" stroke="#222" stroke-width="2" stroke-dasharray="3,2"/>`,
    `<text x="${lx + 6}" y="42">ceiling: bare hono, same response bytes</text>`,
  );
  // Grid and axis.
  const axisY = height - 30;
  for (let i = 0; i <= 5; i++) {
    const v = (top / 5) * i;
    out.push(
      `<line x1="${x(v)}" y1="${TOP - 6}" x2="${x(v)}" y2="${axisY}" stroke="#e4e4e4"/>`,
      `<text x="${x(v)}" y="${axisY + 16}" text-anchor="middle" fill="#555">${int(v)}</text>`,
    );
  }
  out.push(
    `<text x="${LABEL + plot / 2}" y="${height - 4}" text-anchor="middle" fill="#555">requests/s</text>`,
  );
  // Bars.
  ids.forEach((id, g) => {
    const y0 = TOP + g * (groupHeight + GROUP_GAP);
    const rows = series.map((one) => ({
      ...one,
      scenario: input.scenarios.find((s) => s.id === id && s.engine === one.engine),
    }));
    const first = rows.find((r) => r.scenario)!.scenario!;
    const ceiling = input.ceilings[first.kind];
    const middle = y0 + groupHeight / 2;
    out.push(
      `<text x="${LABEL - 8}" y="${ceiling === undefined ? middle + 4 : middle - 2}" text-anchor="end">${xml(first.title)}</text>`,
    );
    if (ceiling !== undefined)
      out.push(
        `<text x="${LABEL - 8}" y="${middle + 11}" text-anchor="end" font-size="10" fill="#666">ceiling ${int(ceiling)} req/s</text>`,
      );
    rows.forEach(({ engine, server, scenario }, i) => {
      const v = scenario && rateOf(scenario, server);
      if (!scenario || v === undefined) return;
      const y = y0 + i * (BAR + GAP);
      out.push(
        `<rect x="${LABEL}" y="${y}" width="${(x(v) - LABEL).toFixed(1)}" height="${BAR}" fill="${COLORS[engine][server]}"><title>${xml(`${scenario.title}, ${ENGINE_LABEL[engine]} ${SERVER_LABEL[server]}: ${int(v)} req/s`)}</title></rect>`,
        `<text x="${(x(v) + 4).toFixed(1)}" y="${y + BAR - 3}" fill="#222">${int(v)}</text>`,
      );
    });
    if (ceiling !== undefined) {
      const cx = x(ceiling).toFixed(1);
      out.push(
        `<line x1="${cx}" y1="${y0 - 3}" x2="${cx}" y2="${y0 + groupHeight + 3}" stroke="#222" stroke-width="2" stroke-dasharray="3,2"><title>${xml(`ceiling (${first.kind}): ${int(ceiling)} req/s`)}</title></line>`,
      );
    }
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
