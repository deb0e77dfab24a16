/** Number formats shared by the table, the markdown and the chart. */
export const int = (n: number) => Math.round(n).toLocaleString("en-US");
export const ms = (n: number) => (n >= 10 ? n.toFixed(1) : n.toFixed(2));
/** A latency of the median run, or a dash when that run completed no request at all. */
export const latency = (run: { requests: number }, n: number) => (run.requests ? ms(n) : "—");
export const seconds = (n: number) => (n >= 100 ? `${Math.round(n)} s` : `${n.toFixed(1)} s`);
export const ratio = (n: number | undefined) => (n === undefined ? "—" : `${Math.round(n * 100)}%`);
