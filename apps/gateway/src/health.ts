// Probes for orchestrators, on paths neither API dialect uses: GitLab's own `/-/health`,
// `/-/liveness` and `/-/readiness` (in GitLab's shapes), and Kubernetes' `/livez` and `/readyz`.
// Liveness is the process answering; readiness also needs the database to answer a trivial
// statement within a short time, and the server not to be draining. They are answered ahead of
// admission, so a full queue or a stopping server never hides them.

export interface HealthOptions {
  /** One trivial statement against the database. */
  ping(): Promise<void>;
  /** Whether the server is draining (SIGTERM): readiness turns 503 at once. */
  draining(): boolean;
  /** How long the database may take to answer before readiness says it is down. */
  timeoutMs?: number;
  /** With DATABASE_REPLICA_URLS: whether each replica answers (reads skip one that does not). */
  replicas?: () => Array<{ healthy: boolean }>;
}

type Check = { status: "ok" } | { status: "failed"; message: string };

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
const text = (body: string, status: number) =>
  new Response(body, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });

export function createHealth({ ping, draining, timeoutMs = 1000, replicas }: HealthOptions) {
  // Probes come often and a hung database answers none of them: they share one ping in flight.
  let inFlight: Promise<Check> | undefined;
  const databaseCheck = (): Promise<Check> => {
    inFlight ??= new Promise<Check>((resolve) => {
      const timer = setTimeout(
        () => resolve({ status: "failed", message: `the database did not answer within ${timeoutMs} ms` }),
        timeoutMs,
      );
      ping()
        .then(
          () => resolve({ status: "ok" }),
          (error: unknown) =>
            resolve({ status: "failed", message: `the database is unreachable: ${oneLine(error)}` }),
        )
        .finally(() => clearTimeout(timer));
    }).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const serverCheck = (): Check =>
    draining() ? { status: "failed", message: "the server is shutting down" } : { status: "ok" };

  // A replica down leaves the server ready: its reads go to the primary meanwhile.
  const replicaChecks = (): Check[] =>
    (replicas?.() ?? []).map((replica, i, all) =>
      replica.healthy
        ? { status: "ok" }
        : {
            status: "failed",
            message: `replica ${i + 1} of ${all.length} does not answer: its reads go to the primary`,
          },
    );

  async function readiness(): Promise<{ ok: boolean; master: Check; db: Check }> {
    const master = serverCheck();
    const db = master.status === "ok" ? await databaseCheck() : { status: "ok" as const };
    return { ok: master.status === "ok" && db.status === "ok", master, db };
  }

  /** The probe's answer, or undefined when the request is not a probe. */
  return function handle(request: Request): Promise<Response> | undefined {
    if (request.method !== "GET" && request.method !== "HEAD") return undefined;
    const { pathname } = new URL(request.url);
    switch (pathname) {
      case "/-/health":
        return Promise.resolve(text("GitLab OK", 200));
      case "/-/liveness":
        return Promise.resolve(json({ status: "ok" }, 200));
      case "/livez":
        return Promise.resolve(text("ok", 200));
      case "/-/readiness":
        return readiness().then(({ ok, master, db }) =>
          json(
            {
              status: ok ? "ok" : "failed",
              master_check: [master],
              db_check: [db],
              ...(replicas ? { db_replica_check: replicaChecks() } : {}),
            },
            ok ? 200 : 503,
          ),
        );
      case "/readyz":
        return readiness().then(({ ok, master, db }) =>
          ok
            ? text("ok", 200)
            : text(master.status === "failed" ? master.message : (db as { message: string }).message, 503),
        );
      default:
        return undefined;
    }
  };
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, " ").slice(0, 200);
}
