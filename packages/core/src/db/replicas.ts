import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type postgres from "postgres";
import { postgresAddress } from "./postgres-probe.ts";
import { sqlState } from "./sql-state.ts";

// Read replicas behind one drizzle database. drizzle's withReplicas does not fit this core: it
// routes by builder method (select → replica), while the hot reads are prepared statements that
// go through the session (json-statement.ts), a follow is a `select` of a function that writes,
// and read-your-writes depends on who is asking, which the builder never knows. So the routing
// sits under drizzle instead, in the one call its postgres.js session makes for every statement
// (`client.unsafe`): transactions (`client.begin`) stay on the primary, and each statement
// outside one goes to a replica when the request allows it, the statement only reads, and a
// replica has replayed the caller's last write.

type Sql = postgres.Sql;

/** How the statements of one request may be routed. */
interface RequestScope {
  /** False in a request that writes: every statement of it runs on the primary. */
  replicas: boolean;
  /** The WAL position the caller's last write reached: only replicas past it may answer. */
  minLsn: bigint;
}

/** What readiness and the tests see of a replica. */
export interface ReplicaStatus {
  address: string;
  /** Answered its last poll: reads may go to it. */
  healthy: boolean;
  /** How far it has replayed the primary's WAL (pg_last_wal_replay_lsn), when known. */
  replayedLsn: string | null;
  /** Statements it has answered. */
  reads: number;
  /** Why its last poll failed. */
  problem?: string;
}

export interface ReadRouting {
  /**
   * Runs one request's work. `secret` is the token it presents (null: anonymous), `writes`
   * whether its method changes anything. A request that writes runs on the primary and, before
   * it answers, pins its caller: the caller's reads then go only to replicas that have replayed
   * the primary's WAL up to where it stood after the write, and to the primary until one has.
   */
  forRequest<T>(secret: string | null, writes: boolean, work: () => Promise<T>): Promise<T>;
  /**
   * Hears each pin this process makes (the SHA-256 of the token, base64, and the WAL position
   * as pg_lsn text; null when it could not be read), e.g. to tell the other WORKERS.
   */
  onPin(listener: (key: string, lsn: string | null) => void): void;
  /** A pin another process made for the same callers, as its onPin heard it. */
  pin(key: string, lsn: string | null): void;
  /** Runs work with every statement on the primary, pinning nobody (a read to be decided there). */
  onPrimary<T>(work: () => Promise<T>): Promise<T>;
  replicas(): ReplicaStatus[];
  close(): Promise<void>;
}

/** The end of WAL any replica has: a pin at it sends the caller to the primary. */
const UNREACHABLE_LSN = 2n ** 64n;
/** A pin whose position could not be read keeps its caller on the primary this long. */
const UNKNOWN_PIN_MS = 60_000;
/** Statements that take row locks or change data, which a hot standby refuses (25006). */
const WRITES =
  /\b(insert|update|delete|merge|nextval|setval|for\s+(no\s+key\s+)?update|for\s+(key\s+)?share)\b/i;
/** A replica that cannot answer now: unreachable, refusing connections, shutting down, starting. */
const REPLICA_DOWN = /^(E[A-Z_]+|CONNECT_TIMEOUT|CONNECTION_\w+|08\w{3}|57P0[1-4]|53300|55000|3D000)$/;
const READ_ONLY_TRANSACTION = "25006";

/** `X/Y`, pg_lsn's text, as one number. */
export function lsnValue(text: string): bigint {
  const [high, low] = text.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** pg_lsn's text for a position. */
export const lsnText = (lsn: bigint): string =>
  `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;

interface Replica {
  client: Sql;
  address: string;
  healthy: boolean;
  replayed: bigint;
  replayedText: string | null;
  reads: number;
  problem?: string;
}

export interface ReadRoutingOptions {
  primary: Sql;
  /** One client per replica, with the primary's settings. */
  replicas: Array<{ url: string; client: Sql }>;
  /** How often each replica's replay position (and health) is read. */
  pollMs?: number;
}

/**
 * The primary's client as drizzle's session uses it, routing statements to replicas, and the
 * routing's controls. The first poll of the replicas is awaited (for at most a second), so that
 * a replica that is up serves reads from the first request.
 */
export async function createReadRouting({
  primary,
  replicas: configured,
  pollMs = 100,
}: ReadRoutingOptions): Promise<{ client: Sql; routing: ReadRouting }> {
  const scope = new AsyncLocalStorage<RequestScope>();
  const replicas: Replica[] = configured.map(({ url, client }) => ({
    client,
    address: postgresAddress(url),
    healthy: false,
    replayed: 0n,
    replayedText: null,
    reads: 0,
  }));
  /** Callers' last writes, by the SHA-256 of their token: where their reads may go. */
  const pins = new Map<string, { lsn: bigint; until: number }>();
  /** Statement texts a replica refused as writes (a `select` of a function that writes). */
  const writers = new Set<string>();
  const reading = new Map<string, boolean>();
  let turn = 0;

  const reads = (query: string): boolean => {
    let known = reading.get(query);
    if (known === undefined) {
      known = /^\s*(select|with)\b/i.test(query) && !WRITES.test(query);
      if (reading.size < 10_000) reading.set(query, known);
    }
    return known && !writers.has(query);
  };

  const replicaFor = (query: string): Replica | undefined => {
    const request = scope.getStore();
    if (!request?.replicas || !reads(query)) return undefined;
    const ready = replicas.filter((r) => r.healthy && r.replayed >= request.minLsn);
    if (ready.length === 0) return undefined;
    turn = (turn + 1) % ready.length;
    return ready[turn];
  };

  /**
   * What a replica's failure says about it. The primary then runs the statement in any case:
   * it only reads, so running it twice is harmless, and a statement that is wrong fails there
   * too, with the error the caller would have had without replicas.
   */
  const learnFrom = (replica: Replica, query: string, error: unknown): void => {
    const code = sqlState(error) ?? (error as { code?: unknown })?.code;
    if (code === READ_ONLY_TRANSACTION) writers.add(query);
    // Until the next poll that it answers, reads skip it.
    else if (typeof code === "string" && REPLICA_DOWN.test(code)) {
      replica.healthy = false;
      replica.problem = error instanceof Error ? error.message : String(error);
    }
  };

  type Unsafe = Sql["unsafe"];
  const unsafe = ((query: string, params?: unknown[], options?: unknown) => {
    const replica = replicaFor(query);
    // biome-ignore lint/suspicious/noExplicitAny: postgres.js's overloads, passed through as given
    const send = (client: Sql) => (client.unsafe as any)(query, params, options);
    if (!replica) return send(primary);
    // drizzle awaits the query, or asks for `.values()` first: a stand-in that runs on the
    // replica once awaited and on the primary when the replica cannot answer.
    let asValues = false;
    let result: Promise<unknown> | undefined;
    const run = async () => {
      const on = async (client: Sql) => {
        const pending = send(client);
        return asValues ? pending.values() : pending;
      };
      try {
        const rows = await on(replica.client);
        replica.reads++;
        return rows;
      } catch (error) {
        learnFrom(replica, query, error);
        return on(primary);
      }
    };
    const pending = {
      values() {
        asValues = true;
        return pending;
      },
      // biome-ignore lint/suspicious/noThenProperty: drizzle awaits what `unsafe` returns
      then(resolve?: (rows: unknown) => unknown, reject?: (error: unknown) => unknown) {
        result ??= run();
        return result.then(resolve, reject);
      },
    };
    return pending;
  }) as unknown as Unsafe;

  // Everything else (begin, options, end, the tagged template) is the primary's own.
  const client = new Proxy(primary, {
    get: (target, property, receiver) =>
      property === "unsafe" ? unsafe : Reflect.get(target, property, receiver),
  });

  const poll = async (replica: Replica) => {
    try {
      const [row] = await withTimeout(
        replica.client.unsafe<Array<{ recovering: boolean; lsn: string | null }>>(
          "select pg_is_in_recovery() as recovering, pg_last_wal_replay_lsn()::text as lsn",
        ),
        1000,
      );
      // A server no longer in recovery (promoted) has everything it will ever have.
      replica.replayed = row?.recovering && row.lsn ? lsnValue(row.lsn) : UNREACHABLE_LSN;
      replica.replayedText = row?.lsn ?? null;
      replica.healthy = true;
      replica.problem = undefined;
    } catch (error) {
      replica.healthy = false;
      replica.problem = error instanceof Error ? error.message : String(error);
    }
  };
  /** Pins every replica has passed (or whose unknown position has timed out) are done. */
  const sweep = () => {
    const now = Date.now();
    let slowest = UNREACHABLE_LSN; // bigints: Math.min does not take them
    for (const replica of replicas) if (replica.replayed < slowest) slowest = replica.replayed;
    for (const [key, pin] of pins) if (pin.lsn <= slowest || pin.until < now) pins.delete(key);
  };
  let polling: Promise<void> | undefined;
  const pollAll = () => {
    polling ??= Promise.all(replicas.map(poll))
      .then(sweep)
      .finally(() => {
        polling = undefined;
      });
    return polling;
  };
  const timer = setInterval(pollAll, pollMs);
  timer.unref();
  await withTimeout(pollAll(), 1000).catch(() => {});

  const listeners: Array<(key: string, lsn: string | null) => void> = [];
  /** A caller's pin moves only forward: pins from other processes may arrive out of order. */
  const setPin = (key: string, lsn: bigint | null) => {
    const known = pins.get(key);
    if (lsn === null) pins.set(key, { lsn: UNREACHABLE_LSN, until: Date.now() + UNKNOWN_PIN_MS });
    else if (!known || known.lsn < lsn || known.until !== Infinity) pins.set(key, { lsn, until: Infinity });
  };

  const keyOf = (secret: string) => createHash("sha256").update(secret).digest("base64");

  /** Where the primary's WAL stands now: past the commit of every write already answered. */
  const primaryLsn = async (): Promise<bigint> => {
    const [row] = await withTimeout(
      primary.unsafe<Array<{ lsn: string }>>("select pg_current_wal_insert_lsn()::text as lsn"),
      2000,
    );
    return lsnValue(row!.lsn);
  };

  const routing: ReadRouting = {
    async forRequest(secret, writes, work) {
      if (!writes) {
        const pin = secret === null ? undefined : pins.get(keyOf(secret));
        return scope.run({ replicas: true, minLsn: pin?.lsn ?? 0n }, work);
      }
      try {
        return await scope.run({ replicas: false, minLsn: 0n }, work);
      } finally {
        if (secret !== null) {
          const key = keyOf(secret);
          // Before the answer leaves: the caller's next read may come the moment it has it.
          const lsn = await primaryLsn().catch(() => null);
          setPin(key, lsn);
          for (const listener of listeners) listener(key, lsn === null ? null : lsnText(lsn));
        }
      }
    },
    onPin: (listener) => listeners.push(listener),
    pin: (key, lsn) => setPin(key, lsn === null ? null : lsnValue(lsn)),
    onPrimary: (work) => scope.run({ replicas: false, minLsn: 0n }, work),
    replicas: () =>
      replicas.map((r) => ({
        address: r.address,
        healthy: r.healthy,
        replayedLsn: r.replayedText,
        reads: r.reads,
        ...(r.problem ? { problem: r.problem } : {}),
      })),
    async close() {
      clearInterval(timer);
      await polling?.catch(() => {});
      await Promise.all(replicas.map((r) => r.client.end({ timeout: 5 })));
    },
  };
  return { client: client as Sql, routing };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
