// docker/Dockerfile and docker/compose.yaml, checked as far as a machine without a Docker engine
// allows: the image's stages against the build script and `pnpm start` (the bundle it copies is
// the one the build makes, with the dependencies it leaves outside), the health check's command
// run for real against a ready server, a refusing one, a silent one and none, and compose's
// services and settings against what the gateway accepts. Engine-independent: the PGlite pass.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer, type Server, type Socket } from "node:net";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ENV_VARIABLES, parseEnv } from "../src/env.ts";
import { type Instruction, parseDockerfile, type Stage } from "./dockerfile.ts";
import { startTestServer } from "./test-server.ts";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const read = (path: string) => readFileSync(`${repo}${path}`, "utf8");
const stages = parseDockerfile(read("docker/Dockerfile"));
const [build, runtime] = stages as [Stage, Stage];
const rootPackage = JSON.parse(read("package.json")) as {
  packageManager: string;
  scripts: Record<string, string>;
};
const gatewayPackage = JSON.parse(read("apps/gateway/package.json")) as {
  dependencies: Record<string, string>;
};

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; timeout?: string };
  stop_grace_period?: string;
}
const compose = parseYaml(read("docker/compose.yaml")) as { services: Record<string, ComposeService> };

const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
const one = (stage: Stage, keyword: string): Instruction => {
  const found = all(stage, keyword);
  expect(found, `${keyword} in the ${stage.name} stage`).toHaveLength(1);
  return found[0]!;
};
/** `KEY=value` pairs of the runtime stage's ENV lines. */
const imageEnv = () =>
  Object.fromEntries(
    all(runtime, "ENV").flatMap((i) =>
      i.text.split(/\s+/).map((pair) => pair.split("=") as [string, string]),
    ),
  );
/** compose's `${NAME:-default}` as compose would fill it in with NAME unset. */
const unsetFilled = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, "$1");
const seconds = (text: string) => {
  const match = /^(\d+)s$/.exec(text);
  if (!match) throw new Error(`not a duration in seconds: ${text}`);
  return Number(match[1]);
};

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The image's health check, run with this machine's node, its PORT set to `port`. */
function runHealthCheck(command: string[], port: number) {
  const [program, ...args] = command;
  expect(program).toBe("node");
  const started = performance.now();
  return new Promise<{ code: number | null; ms: number }>((resolve) => {
    execFile(process.execPath, args, { env: { PORT: String(port) } }, (error) =>
      resolve({ code: error ? (error.code as number) : 0, ms: performance.now() - started }),
    );
  });
}

/** `server` on a free port of 127.0.0.1, closed with every connection it holds after the test. */
async function listening(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as { port: number }).port;
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("docker/Dockerfile, without an engine", () => {
  it("builds the bundle `pnpm start` runs and runs that bundle, with the dependencies it leaves outside", () => {
    expect(stages.map((s) => s.name)).toEqual(["build", "runtime"]);
    // The engines field asks for Node 20.19 or later; one image for both stages.
    expect(build.image).toMatch(/^node:(2[0-9])-[a-z]+-slim$/);
    expect(runtime.image).toBe(build.image);
    const pinned = rootPackage.packageManager.replace(/^pnpm@/, "");
    expect(all(build, "RUN").map((r) => r.text)).toContain(`npm install -g pnpm@${pinned}`);

    // `pnpm start` is the build, then the bundle: the build stage runs the first half as written.
    const [buildCommand, runCommand] = rootPackage.scripts.start!.split(" && ") as [string, string];
    expect(all(build, "RUN").map((r) => r.text)).toContain(buildCommand);
    const bundle = /^node (\S+)$/.exec(runCommand)![1]!; // apps/gateway/dist/main.mjs
    // …and build.mjs writes src/main.ts as dist/main.mjs beside itself (with dist/drizzle).
    const buildScript = read(/^node (\S+)$/.exec(buildCommand)![1]!);
    expect(buildScript).toContain('here("src/main.ts")');
    expect(buildScript).toContain('outdir: here("dist")');
    expect(buildScript).toContain('outExtension: { ".js": ".mjs" }');
    expect(buildScript).toContain('here("dist/drizzle")');
    expect(posix.join(posix.dirname(/^node (\S+)$/.exec(buildCommand)![1]!), "dist", "main.mjs")).toBe(
      bundle,
    );

    // The runtime stage copies that directory from the build stage and runs the same file in it.
    const buildDir = one(build, "WORKDIR").text;
    const appDir = one(runtime, "WORKDIR").text;
    const cmd = one(runtime, "CMD").exec!;
    expect(cmd[0]).toBe("node");
    const started = posix.resolve(appDir, cmd[1]!);
    const copies = all(runtime, "COPY").map((c) => ({ from: c.options.from, paths: c.text.split(/\s+/) }));
    const bundleCopy = copies.find((c) => c.paths[1] === posix.dirname(started));
    expect(bundleCopy).toEqual({
      from: "build",
      paths: [posix.join(buildDir, posix.dirname(bundle)), posix.dirname(started)],
    });
    expect(posix.basename(started)).toBe(posix.basename(bundle));

    // What the bundle imports at run time is what esbuild left outside it: all of it must be among
    // the production dependencies `pnpm deploy --prod` installs into the node_modules copied beside dist.
    const external = JSON.parse(
      /external: (\[[^\]]*\])/.exec(buildScript)![1]!.replace(/'/g, '"'),
    ) as string[];
    expect(external.length).toBeGreaterThan(0);
    for (const name of external) expect(gatewayPackage.dependencies, name).toHaveProperty([name]);
    const deploy = all(build, "RUN").find((r) => r.text.includes(" deploy "));
    expect(deploy?.text).toMatch(/^pnpm --filter @follow-graph\/gateway deploy --prod --legacy (\/\S+)$/);
    const out = / (\/\S+)$/.exec(deploy!.text)![1]!;
    expect(copies).toContainEqual({
      from: "build",
      paths: [`${out}/node_modules`, `${appDir}/node_modules`],
    });
    // Nothing else from the build: no dev dependencies, no sources.
    expect(copies.every((c) => c.from === "build")).toBe(true);
    expect(copies).toHaveLength(3);
  });

  it("runs as node, with settings the gateway accepts, and copies none of the host's builds", () => {
    const users = all(runtime, "USER");
    expect(users.map((u) => u.text)).toEqual(["node"]);
    // Every instruction after USER runs as node; none that needs root comes later.
    const afterUser = runtime.instructions.slice(runtime.instructions.indexOf(users[0]!) + 1);
    expect(afterUser.map((i) => i.keyword).filter((k) => ["RUN", "COPY", "ADD"].includes(k))).toEqual([]);
    const env = imageEnv();
    const { NODE_ENV, ...settings } = env;
    expect(NODE_ENV).toBe("production");
    for (const name of Object.keys(settings)) expect(ENV_VARIABLES).toContain(name);
    expect(parseEnv(settings)).toMatchObject({ ok: true, env: { HOST: "0.0.0.0", PORT: 3000 } });
    // The embedded store's directory is the one made for node (and a volume).
    expect(settings.PGLITE_DATA_DIR!.startsWith(`${one(runtime, "VOLUME").text}/`)).toBe(true);
    expect(one(runtime, "EXPOSE").text).toBe(settings.PORT);
    // BuildKit reads docker/Dockerfile.dockerignore for this Dockerfile: the host's installs stay out.
    const ignored = read("docker/Dockerfile.dockerignore")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    expect(ignored).toEqual(expect.arrayContaining(["**/node_modules", "**/dist", ".data"]));
  });

  it("its health check passes against a ready server, and fails fast against a refusing, a silent or no server", async () => {
    const check = one(runtime, "HEALTHCHECK");
    const command = check.exec!.slice(0) as string[];
    // Docker's own timeout is the backstop; the check's fetch gives up before it.
    const abortMs = Number(/AbortSignal\.timeout\((\d+)\)/.exec(command.join(" "))![1]);
    expect(abortMs).toBeLessThan(seconds(check.options.timeout!) * 1000);

    const server = await startTestServer();
    cleanups.push(() => server.stop());
    expect(await runHealthCheck(command, Number(new URL(server.url).port))).toMatchObject({ code: 0 });

    const refusing = createHttpServer((request, response) => {
      response.writeHead(request.url === "/readyz" ? 503 : 404).end("draining");
    });
    expect(await runHealthCheck(command, await listening(refusing))).toMatchObject({ code: 1 });

    // Accepts the connection and never answers: the check must not hang.
    const silent = createTcpServer(() => {});
    const quiet = await runHealthCheck(command, await listening(silent));
    expect(quiet.code).toBe(1);
    expect(quiet.ms).toBeLessThan(abortMs + 3000);

    const nobody = createTcpServer();
    await new Promise<void>((resolve) => nobody.listen(0, "127.0.0.1", resolve));
    const freed = (nobody.address() as { port: number }).port;
    await new Promise((resolve) => nobody.close(resolve));
    expect(await runHealthCheck(command, freed)).toMatchObject({ code: 1 });
  }, 30_000);
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("docker/compose.yaml, without an engine", () => {
  const { postgres, gateway } = compose.services as { postgres: ComposeService; gateway: ComposeService };

  it("starts the gateway from the Dockerfile once PostgreSQL is healthy, with the image's health check", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["gateway", "postgres"]);
    expect(postgres.image).toMatch(/^postgres:\d+$/);
    expect(postgres.healthcheck?.test).toContain("pg_isready");
    expect(gateway.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    const { context, dockerfile } = gateway.build!;
    expect(posix.join("docker", context, dockerfile)).toBe("docker/Dockerfile");
    expect(existsSync(`${repo}${posix.join("docker", context, dockerfile)}`)).toBe(true);
    expect(gateway.healthcheck?.test).toEqual(["CMD", ...one(runtime, "HEALTHCHECK").exec!]);
  });

  it("sets only variables the gateway reads, values it accepts, and gives it time to drain", () => {
    const environment = Object.fromEntries(
      Object.entries(gateway.environment!).map(([name, value]) => [name, unsetFilled(String(value))]),
    );
    for (const name of Object.keys(environment)) expect(ENV_VARIABLES).toContain(name);
    const parsed = parseEnv({ ...imageEnv(), ...environment });
    expect(parsed).toMatchObject({ ok: true, env: { WORKERS: 2, METRICS_PORT: 9464 } });
    if (!parsed.ok) return;
    // The database is the postgres service, under the name and password it was given.
    const database = new URL(parsed.env.DATABASE_URL!);
    expect(database.hostname).toBe("postgres");
    expect(database.pathname).toBe(`/${unsetFilled(String(postgres.environment!.POSTGRES_DB))}`);
    expect(database.password).toBe(unsetFilled(String(postgres.environment!.POSTGRES_PASSWORD)));
    // Both ports published where the gateway listens.
    expect(gateway.ports).toEqual([
      `${parsed.env.PORT}:${parsed.env.PORT}`,
      `${parsed.env.METRICS_PORT}:${parsed.env.METRICS_PORT}`,
    ]);
    // SIGTERM, then the drain (SHUTDOWN_TIMEOUT) and the workers' own close (4 s) before a SIGKILL.
    expect(seconds(gateway.stop_grace_period!)).toBeGreaterThan(parsed.env.SHUTDOWN_TIMEOUT + 4);
  });
});
