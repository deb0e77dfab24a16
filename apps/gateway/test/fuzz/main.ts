import { parseArgs } from "node:util";
import { bootstrapRoot } from "@follow-graph/core";
import { createTestDatabase } from "@follow-graph/core/testing";
import fc from "fast-check";
import { fuzzCase } from "./arbitraries.ts";
import { describeOutcome } from "./report.ts";
import { ROUTES } from "./routes.ts";
import { createFuzzSession, type DialectTally, type Outcome } from "./session.ts";
import { seedWorld } from "./world.ts";

const USAGE = `usage: pnpm fuzz [options]

Sends generated requests (every route of both dialects; hostile query strings, bodies,
path parameters and headers) to an in-process gateway on a fresh database, and counts
5xx answers, error bodies not in the dialect's shape, stored changes behind refused
requests and counters that drift from their edges. Exits 1 if any was found.

  --runs N      requests to send (default 20000)
  --seed S      fast-check seed (default: random, printed)
  --engine E    pglite (default, in memory) or postgres (a scratch database on --pg-url)
  --pg-url URL  default $TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres
  --show N      failing requests to print, one per kind of failure (default 10)
  --help`;

const CHUNK = 1_000;

function options(args: string[]) {
  const { values } = parseArgs({
    args: args[0] === "--" ? args.slice(1) : args,
    strict: true,
    options: {
      runs: { type: "string", default: "20000" },
      seed: { type: "string" },
      engine: { type: "string", default: "pglite" },
      "pg-url": { type: "string" },
      show: { type: "string", default: "10" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return "help" as const;
  const whole = (name: string, s: string) => {
    if (!/^\d+$/.test(s)) throw new Error(`--${name} must be a whole number`);
    return Number(s);
  };
  if (values.engine !== "pglite" && values.engine !== "postgres")
    throw new Error(`--engine takes pglite or postgres, not '${values.engine}'`);
  return {
    runs: whole("runs", values.runs),
    seed: values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : whole("seed", values.seed),
    engine: values.engine,
    pgUrl: values["pg-url"] || process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
    show: whole("show", values.show),
  };
}

const histogram = (t: DialectTally) =>
  [...t.statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}×${n}`)
    .join(" ");

async function main(): Promise<number> {
  let o: ReturnType<typeof options>;
  try {
    o = options(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (o === "help") {
    console.log(USAGE);
    return 0;
  }
  if (o.engine === "postgres") process.env.TEST_DATABASE_URL = o.pgUrl;
  else delete process.env.TEST_DATABASE_URL;
  const t = await createTestDatabase();
  const rootToken = "fuzz-root-token-0123456789";
  // Every 500 would print its stack; they are counted and the first of each kind shown instead.
  const logged = console.error;
  let unexpected = 0;
  try {
    await bootstrapRoot(t.core, rootToken);
    const session = createFuzzSession({
      core: t.core,
      db: t.database.db,
      world: await seedWorld(t.core, rootToken),
    });
    console.log(`fuzzing ${o.runs} requests over ${ROUTES.length} routes on ${o.engine}, seed ${o.seed}`);
    console.error = () => {
      unexpected++;
    };
    const started = performance.now();
    const shown = new Map<string, Outcome>();
    for (let done = 0; done < o.runs; done += CHUNK) {
      const cases = fc.sample(fuzzCase, { seed: o.seed + done, numRuns: Math.min(CHUNK, o.runs - done) });
      for (const c of cases) {
        const outcome = await session.run(c);
        for (const v of outcome.violations) {
          const route = ROUTES[c.route]!;
          const key = `${v.kind} ${outcome.answer.status} ${route.dialect} ${route.method} ${route.template}`;
          if (!shown.has(key)) shown.set(key, outcome);
        }
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.error = logged;
    for (const outcome of [...shown.values()].slice(0, o.show)) console.log(`\n${describeOutcome(outcome)}`);
    console.log(
      `\n${"dialect".padEnd(8)} ${"sent".padStart(7)} ${"5xx".padStart(6)} ${"shape".padStart(6)} ${"stored".padStart(6)} ${"graph".padStart(6)} ${"crash".padStart(6)}  statuses`,
    );
    let failures = 0;
    for (const [dialect, tally] of Object.entries(session.tally)) {
      const v = tally.violations;
      failures += v["5xx"] + v["wrong shape"] + v["stored change"] + v["inconsistent graph"] + v.crash;
      console.log(
        `${dialect.padEnd(8)} ${String(tally.sent).padStart(7)} ${String(v["5xx"]).padStart(6)} ${String(v["wrong shape"]).padStart(6)} ${String(v["stored change"]).padStart(6)} ${String(v["inconsistent graph"]).padStart(6)} ${String(v.crash).padStart(6)}  ${histogram(tally)}`,
      );
    }
    const sent = session.tally.gitlab.sent + session.tally.github.sent;
    console.log(
      `\n${sent} requests in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s); ${unexpected} unexpected errors logged; fixtures restored ${session.heals()} times; ${shown.size} distinct failures (kind, status, route)`,
    );
    return failures === 0 ? 0 : 1;
  } finally {
    console.error = logged;
    await t.cleanup();
  }
}

process.exit(await main());
