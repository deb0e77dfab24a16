import { readFileSync } from "node:fs";
import { cpuTicks } from "./processes.ts";

/** Linux's USER_HZ, which /proc/<pid>/stat counts in. */
const TICKS_PER_SECOND = 100;

/** `pid` and its descendants (a cluster primary and its workers), from /proc's children lists. */
function treeOf(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number);
  } catch {
    // gone already: only its own figure, if any
  }
  return [pid, ...children.flatMap(treeOf)];
}

/**
 * CPU seconds (user + system) the process tree under `pid` has used so far: the gateway's
 * cost of the requests between two readings, whatever else the machine is doing meanwhile.
 */
export function treeCpuSeconds(pid: number): number {
  return treeOf(pid).reduce((sum, p) => sum + (cpuTicks(p) ?? 0), 0) / TICKS_PER_SECOND;
}
