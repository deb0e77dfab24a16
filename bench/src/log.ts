const began = performance.now();

/** Seconds since the bench started. */
export const elapsedSeconds = () => (performance.now() - began) / 1000;

/** A progress line on stderr, stamped with the time since the start; stdout keeps the table. */
export function log(line: string) {
  const t = Math.round(elapsedSeconds());
  console.error(
    `[${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}] ${line}`,
  );
}
