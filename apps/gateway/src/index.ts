export { type Env, parseEnv } from "./env.ts";
export { createGateway, type GatewayOptions } from "./gateway.ts";
export { type RunningServer, startServer } from "./server.ts";
