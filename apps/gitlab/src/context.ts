import type { Caller, Token, User } from "@follow-graph/core";
import type { Params } from "./params.ts";

export interface GitLabEnv {
  Variables: {
    /** The signed-in user (after Sudo), or null for anonymous requests. */
    viewer: User | null;
    token: Token | undefined;
    /** Who is asking: nobody, a token for the route's core call to identify, or the caller identified. */
    caller: Caller;
    /** Grape's `params`: query string merged with the parsed body. */
    params: Params;
    /** External scheme://host:port for URLs in bodies and Link headers. */
    origin: string;
    /** The largest request body read, in bytes (`requestLimits`). */
    maxBodyBytes: number;
  };
}
