// `pnpm diff:readme`: writes the catalogue's summary matrix into README.md between its markers.
import { readFileSync, writeFileSync } from "node:fs";
import { catalogueTable, readmeTable, withReadmeTable } from "../src/diff/readme-table.ts";

const path = new URL("../../../README.md", import.meta.url);
const readme = readFileSync(path, "utf8");
const table = await catalogueTable();
if (readmeTable(readme) === table.trim()) console.log("README.md's differences table is current");
else {
  writeFileSync(path, withReadmeTable(readme, table));
  console.log("README.md's differences table rewritten from follow-graph diff");
}
