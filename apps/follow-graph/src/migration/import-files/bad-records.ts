// `--on-error abort|skip`: what a bad record in the input does. abort (the default) ends the
// import at it, nothing of its batch stored; skip reports it on stderr with its file:line,
// leaves it out and goes on, and the summary counts it.
import { SeenEdges } from "./seen-edges.ts";
import { ImportFileError, type ImportUnit, type Where } from "./units.ts";

export type OnError = "abort" | "skip";

export interface BadRecords {
  /** Refuses the record (abort) or reports it and returns so the caller leaves it out (skip). */
  report(where: Where, problem: string): void;
  readonly skipped: number;
}

export function badRecords(onError: OnError, write: (line: string) => void): BadRecords {
  let skipped = 0;
  return {
    report(where, problem) {
      if (onError === "abort") throw new ImportFileError(where, problem);
      skipped++;
      write(`${where}: ${problem} (skipped)\n`);
    },
    get skipped() {
      return skipped;
    },
  };
}

/**
 * Leaves out (or refuses) the edges no graph can hold as given: a self-edge, and an edge the
 * input already gave in the same kind of list (a followers file and a following file both
 * naming a pair are two views of one edge, not a duplicate). The edges seen are kept for the
 * whole input, compactly (seen-edges.ts): about 32 bytes an edge, and each login once.
 */
export async function* withoutBadEdges(
  units: AsyncIterable<ImportUnit>,
  bad: BadRecords,
): AsyncIterable<ImportUnit> {
  const seen = new SeenEdges();
  for await (const unit of units) {
    const list = unit.owner?.list ?? "following";
    const edges = unit.edges.filter(({ edge, where }) => {
      const follower = edge.follower.toLowerCase();
      const followee = edge.followee.toLowerCase();
      if (follower === followee) {
        bad.report(where, `'${edge.follower}' cannot follow itself`);
        return false;
      }
      const earlier = seen.add(list, follower, followee, where);
      if (earlier !== undefined) {
        bad.report(where, `'${edge.follower}' follows '${edge.followee}' again (first at ${earlier})`);
        return false;
      }
      return true;
    });
    yield { ...unit, edges };
  }
}
