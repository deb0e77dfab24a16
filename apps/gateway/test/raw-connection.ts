import { connect } from "node:net";

/** What a server sends before the body once it accepts a request's head (Expect: 100-continue). */
export const CONTINUED = /^HTTP\/1\.1 100 Continue\r\n\r\n/;

/**
 * A raw HTTP/1.1 connection to 127.0.0.1:`port`, so that a request can be left half-sent and
 * the test can wait for exactly what the server has sent so far.
 */
export function rawConnection(port: number) {
  const socket = connect(port, "127.0.0.1");
  let received = "";
  const watchers = new Set<() => void>();
  socket.setEncoding("utf8");
  socket.on("data", (chunk) => {
    received += chunk;
    for (const watch of watchers) watch();
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", () => {});
  const connected = new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return {
    connected,
    write: (text: string) => new Promise<void>((resolve) => socket.write(text, () => resolve())),
    /** Resolves once what the server sent matches `pattern`. */
    until: (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        const watch = () => {
          if (!pattern.test(received)) return;
          watchers.delete(watch);
          resolve();
        };
        watchers.add(watch);
        watch();
      }),
    /** The final answer (after any 100 Continue), once the server has closed the connection. */
    async answer() {
      await closed;
      const final = received.replace(CONTINUED, "");
      const [head = "", body = ""] = final.split("\r\n\r\n");
      const [statusLine, ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
      );
      return { status: Number(statusLine?.split(" ")[1]), headers, body };
    },
  };
}
