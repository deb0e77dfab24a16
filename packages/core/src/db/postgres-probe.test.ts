import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isStartupError, type StartupError } from "../errors/startup-error.ts";
import { createScratchDatabase } from "../testing/index.ts";
import { type DatabaseConfig, openDatabase } from "./database.ts";

const serverUrl = process.env.TEST_DATABASE_URL;

async function refusal(config: DatabaseConfig): Promise<StartupError> {
  const outcome = await openDatabase(config).then(
    async (database) => {
      await database.close();
      return new Error("the database opened");
    },
    (error: unknown) => error,
  );
  if (!isStartupError(outcome)) throw outcome;
  return outcome;
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const on = (url: string, change: (u: URL) => void) => {
  const u = new URL(url);
  change(u);
  return u.toString();
};

// A refused socket needs no server: it runs once, on the PGlite pass.
describe.skipIf(Boolean(serverUrl))("a PostgreSQL that cannot be reached", () => {
  it("names the address and says it refused the connection, exit 1", async () => {
    const port = await closedPort();
    const error = await refusal({
      driver: "postgres",
      url: `postgres://postgres:s3cret@127.0.0.1:${port}/postgres`,
    });
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`PostgreSQL at 127.0.0.1:${port} refused the connection (is it running?)`);
  });
});

describe.runIf(Boolean(serverUrl))("a PostgreSQL that refuses the configuration", () => {
  // Read in the tests: a skipped describe's body still runs.
  const url = serverUrl || "postgres://unset";
  const address = `${new URL(url).hostname}:${new URL(url).port || "5432"}`;

  it("names a missing database, exit 2", async () => {
    const name = `nope_${randomBytes(4).toString("hex")}`;
    const error = await refusal({ driver: "postgres", url: on(url, (u) => (u.pathname = `/${name}`)) });
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`database "${name}" does not exist on ${address}`);
  });

  it("names an unknown role and never the password, exit 2", async () => {
    const error = await refusal({
      driver: "postgres",
      url: on(url, (u) => {
        u.username = "ghost";
        u.password = "s3cret-pass";
      }),
    });
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`role "ghost" does not exist (PostgreSQL at ${address})`);
  });
});

describe("a migration that fails", () => {
  it("says the migrations failed, with the driver's own reason", async () => {
    const scratch = serverUrl ? await createScratchDatabase(serverUrl) : null;
    const database = await openDatabase(
      scratch
        ? { driver: "postgres", url: scratch.url, maxConnections: 1 }
        : { driver: "pglite", dataDir: "memory://" },
    );
    try {
      // A migrations journal of another shape: drizzle's first read of it fails. An in-memory
      // PGlite may start from a migrated template, whose journal goes first.
      await database.db.execute(sql`drop schema if exists drizzle cascade`);
      await database.db.execute(sql`create schema drizzle`);
      await database.db.execute(sql`create table drizzle.__drizzle_migrations (other int)`);
      const error = await database.migrate().then(
        () => new Error("the migrations ran"),
        (e: unknown) => e,
      );
      expect(isStartupError(error)).toBe(true);
      expect((error as StartupError).exitCode).toBe(1);
      expect((error as StartupError).message).toMatch(
        /^the migrations could not be applied: column "\w+" does not exist \(42703\)$/,
      );
    } finally {
      await database.close();
      await scratch?.drop();
    }
  });
});
