import { createRequestLimits } from "@follow-graph/http";
import type { GitHubEnv } from "./context.ts";
import { GitHubError } from "./errors.ts";

// In the words of GitHub's nginx front end (observed: "413 Request Entity Too Large"), in the
// API's error shape; a front end closes the connection after refusing a request it did not read.
export const { requestLimits, readBodyText } = createRequestLimits<GitHubEnv>({
  bodyTooLarge: () => new GitHubError(413, "Request Entity Too Large", { headers: { Connection: "close" } }),
  targetTooLong: () => new GitHubError(414, "Request-URI Too Large", { headers: { Connection: "close" } }),
});
