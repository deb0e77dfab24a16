import cluster from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";
import type { MetricsSource } from "./metrics-endpoint.ts";

// With WORKERS, each worker counts what it answered in its own registry. prom-client's
// AggregatorRegistry, in the primary, asks every worker for its registry over the cluster's IPC
// channel and sums them (counters and histograms add up; the version line is taken once). A
// scrape on the main port lands on whichever worker the primary handed the connection to: that
// worker asks the primary for the aggregate, so every worker answers with the same figures.

const REQUEST = "follow-graph:cluster-metrics-request";
const RESPONSE = "follow-graph:cluster-metrics-response";
/** Longer than the primary's own wait for the workers (prom-client gives up after 5 s). */
const WORKER_WAIT_MS = 8_000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}

interface MetricsResponse {
  type: typeof RESPONSE;
  id: number;
  text?: string;
  error?: string;
}

const isRequest = (message: unknown): message is MetricsRequest =>
  (message as MetricsRequest | null)?.type === REQUEST;
const isResponse = (message: unknown): message is MetricsResponse =>
  (message as MetricsResponse | null)?.type === RESPONSE;

/**
 * In the primary: the workers' metrics summed, for METRICS_PORT, and the answer to any worker
 * that asks for them on behalf of a scrape on the main port. Call once, before forking.
 */
export function aggregateWorkersMetrics(): MetricsSource {
  const aggregator = new AggregatorRegistry();
  const source: MetricsSource = {
    contentType: aggregator.contentType,
    metrics: () => aggregator.clusterMetrics(),
  };
  cluster.on("message", (worker, message: unknown) => {
    if (!isRequest(message)) return;
    const reply = (answer: Omit<MetricsResponse, "type" | "id">) => {
      // A worker that has exited meanwhile no longer listens.
      if (worker.isConnected()) worker.send({ type: RESPONSE, id: message.id, ...answer });
    };
    source.metrics().then(
      (text) => reply({ text }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
  return source;
}

/**
 * In a worker: hands `registry` to prom-client's listener, which answers the primary's
 * collection requests with it, and returns what a scrape here answers with: the primary's
 * aggregate of every worker, this one included.
 */
export function workersMetrics(registry: Registry): MetricsSource {
  AggregatorRegistry.setRegistries([registry]);
  // Constructing one installs prom-client's listener for the primary's requests (once per process).
  new AggregatorRegistry();
  const pending = new Map<number, (answer: MetricsResponse) => void>();
  let nextId = 0;
  process.on("message", (message: unknown) => {
    if (isResponse(message)) pending.get(message.id)?.(message);
  });
  return {
    contentType: registry.contentType,
    metrics: () =>
      new Promise<string>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`the primary did not answer within ${WORKER_WAIT_MS / 1000} s`));
        }, WORKER_WAIT_MS);
        pending.set(id, (answer) => {
          clearTimeout(timer);
          pending.delete(id);
          if (answer.text !== undefined) resolve(answer.text);
          else reject(new Error(answer.error ?? "the primary sent no metrics"));
        });
        process.send!({ type: REQUEST, id } satisfies MetricsRequest);
      }),
  };
}

/** What /metrics answers with in this process: its own registry, or in a worker, all workers'. */
export const metricsSourceFor = (registry: Registry): MetricsSource =>
  cluster.isWorker ? workersMetrics(registry) : registry;
