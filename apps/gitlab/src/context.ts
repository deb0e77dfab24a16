import type { Token, User } from "@follow-graph/core";

export interface GitLabEnv {
  Variables: {
    /** The signed-in user (after Sudo), or null for anonymous requests. */
    viewer: User | null;
    token: Token | undefined;
    /** External scheme://host:port for URLs in bodies and Link headers. */
    origin: string;
  };
}
