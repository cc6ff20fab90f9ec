// server/openapi.json as an outside integrator's tools see it:
//   1. @redocly/cli lint with its recommended rules: zero errors and zero warnings;
//   2. every component schema (and the civicinfo JSON Schema of tests/civicinfo) compiles
//      under ajv in strict mode;
//   3. the conventions the project keeps: operationId and tags on every operation, a
//      keyless security declaration, a license, a servers URL that is not loopback-only.
// Usage: node check.mjs   (from tests/openapi, after npm ci)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const here = path.dirname(fileURLToPath(import.meta.url));
const specPath = path.join(here, "../../server/openapi.json");
const spec = JSON.parse(fs.readFileSync(specPath, "utf8"));
let passed = 0, failed = 0;
function check(name, fn) {
  try {
    fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e.message || e).split("\n").join("\n     ")}`);
  }
}

check("redocly lint --extends recommended: 0 errors, 0 warnings", () => {
  let out;
  try {
    out = execFileSync(path.join(here, "node_modules/.bin/redocly"),
      ["lint", "--extends", "recommended", "--format", "json", specPath],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    out = e.stdout; // exits 1 on errors; the JSON report is still on stdout
  }
  const report = JSON.parse(out.slice(out.indexOf("{")));
  const problems = report.problems.map(p =>
    `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? "?"}`);
  if (problems.length) throw new Error(problems.join("\n"));
});

function ajv() {
  const a = new Ajv({ strict: true, allErrors: true });
  addFormats(a);
  a.addVocabulary(["example", "xml", "externalDocs"]); // OpenAPI annotations
  return a;
}

check("every component schema compiles under ajv (strict)", () => {
  const a = ajv();
  // OpenAPI's "#/components/schemas/X" as a JSON Schema document's definitions.
  const defs = JSON.parse(JSON.stringify(spec.components.schemas)
    .replaceAll('"#/components/schemas/', '"openapi#/definitions/'));
  a.addSchema({ $id: "openapi", definitions: defs });
  const bad = [];
  for (const name of Object.keys(spec.components.schemas)) {
    try {
      a.compile({ $ref: `openapi#/definitions/${name}` });
    } catch (e) {
      bad.push(`${name}: ${e.message}`);
    }
  }
  if (bad.length) throw new Error(bad.join("\n"));
});

check("the civicinfo response JSON Schema compiles under ajv (strict)", () => {
  const schema = JSON.parse(fs.readFileSync(
    path.join(here, "../civicinfo/representatives.schema.json"), "utf8"));
  ajv().compile(schema);
});

check("operationId and tags on every operation; tags declared", () => {
  const declared = new Set((spec.tags || []).map(t => t.name));
  const bad = [];
  for (const [p, item] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(item)) {
      if (!op.operationId) bad.push(`${method} ${p}: no operationId`);
      if (!op.tags?.length) bad.push(`${method} ${p}: no tags`);
      for (const t of op.tags || []) if (!declared.has(t)) bad.push(`${method} ${p}: tag ${t} undeclared`);
    }
  if (bad.length) throw new Error(bad.join("\n"));
});

check("public and keyless: security [] ; a license; a servers URL that is not loopback", () => {
  if (!Array.isArray(spec.security) || spec.security.length !== 0) throw new Error("security must be []");
  if (!spec.info.license?.name) throw new Error("no license");
  if (!spec.servers?.some(s => !/^https?:\/\/(127\.|localhost|\[::1\])/.test(s.url)))
    throw new Error("every servers URL is loopback");
});

check("the error statuses clients meet are documented", () => {
  const codes = new Set();
  for (const item of Object.values(spec.paths))
    for (const op of Object.values(item)) for (const c of Object.keys(op.responses)) codes.add(c);
  const missing = ["304", "400", "404", "405", "413", "414", "429", "431", "503"].filter(c => !codes.has(c));
  if (missing.length) throw new Error("undocumented: " + missing.join(", "));
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
