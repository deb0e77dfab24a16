import { type Core, ROOT_TOKEN_SCOPES, ROOT_USER_ID } from "@follow-graph/core";
import { createGateway } from "@follow-graph/gateway";
import type { DialectEndpoint } from "./dialect-lists.ts";

/** Where the in-process gateway's requests claim to go; only their path and query matter. */
const INTERNAL_ORIGIN = "http://follow-graph.internal";

/**
 * Both dialects served by a gateway in this process on `core`, reached without a port: the
 * bodies and Link headers are the ones `follow-graph serve` on the same store would answer
 * at `publicUrl`. Root signs in with a token minted for this run and revoked by `close()`,
 * so root's own tokens are never needed nor changed.
 */
export async function inProcessEndpoint(
  core: Core,
  publicUrl: string,
): Promise<DialectEndpoint & { close(): Promise<void> }> {
  const base = publicUrl.replace(/\/+$/, "");
  const gateway = createGateway({ core, publicUrl: base });
  const { token, secret } = await core.tokens.createToken(ROOT_USER_ID, {
    name: "follow-graph export",
    description: "read by one `follow-graph export` run, revoked at its end",
    scopes: ROOT_TOKEN_SCOPES,
  });
  // Links name `publicUrl`, which may carry a path the gateway does not route under.
  const internal = (url: string) => (url.startsWith(base) ? INTERNAL_ORIGIN + url.slice(base.length) : url);
  const inProcessFetch = (async (...[input, init]: Parameters<typeof fetch>) => {
    const url = input instanceof Request ? input.url : String(input);
    return gateway.fetch(new Request(internal(url), input instanceof Request ? input : init));
  }) as typeof fetch;
  return {
    origin: base,
    token: secret,
    fetch: inProcessFetch,
    close: () => core.tokens.revokeToken(token.id),
  };
}
