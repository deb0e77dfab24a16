import type { Identified, User } from "@follow-graph/core";

export interface GitHubEnv {
  Bindings: {
    /** The caller's network address, which anonymous requests are rate limited by. */
    clientAddress?: string;
  };
  Variables: {
    /** The signed-in user, or null for anonymous requests. */
    viewer: User | null;
    /** Who is asking, once the core has identified it (null for nobody); undefined until then. */
    caller: Identified | null | undefined;
    /** The token's scopes in GitHub's vocabulary; null for anonymous requests. */
    scopes: string[] | null;
    /** External scheme://host:port, for URLs in bodies and Link headers. */
    origin: string;
    /** `origin` plus the mount's prefix (`/api/v3` or nothing): the base of every API URL. */
    apiBase: string;
    /** The operation's documentation page, which GitHub's error bodies point at. */
    docs: string | undefined;
    /** The largest request body read, in bytes (`requestLimits`). */
    maxBodyBytes: number;
  };
}
