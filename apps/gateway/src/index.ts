export { type CommandsHost, runCommands } from "./commands.ts";
export {
  type Control,
  ControlRefusal,
  type FaultSpec,
  FixtureError,
  type JournalEntry,
  type NewTestUser,
  SnapshotNotFound,
} from "./control/control.ts";
export { createEmulator } from "./control/emulator.ts";
export { parseFixtureText } from "./control/fixture-text.ts";
export { ENV_VARIABLES, type Env, parseEnv, SERVED_DEFAULTS } from "./env.ts";
export { createGateway, type GatewayOptions } from "./gateway.ts";
export { openGraph } from "./graph.ts";
export { type RunningServer, startServer } from "./server.ts";
export { stopOnSignals } from "./stop-on-signals.ts";
export { isWorker, runWorkers, type WorkersServing, workerEnv } from "./workers.ts";
