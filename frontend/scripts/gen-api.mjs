// Regenerates src/api/schema.d.ts from the Django API's OpenAPI schema
// (`manage.py spectacular`), or with --check fails when the committed file is stale.
//   npm run gen:api        write src/api/schema.d.ts
//   npm run check:api      exit 1 if it differs from what the schema gives now
// The Python interpreter: $PYTHON, else ../.venv/bin/python, else python3.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const target = resolve(here, "..", "src", "api", "schema.d.ts");
const check = process.argv.includes("--check");

const venvPython = join(root, ".venv", "bin", "python");
const python = process.env.PYTHON
  ? process.env.PYTHON.includes("/") ? resolve(process.env.PYTHON) : process.env.PYTHON
  : existsSync(venvPython) ? venvPython : "python3";

const work = mkdtempSync(join(tmpdir(), "imagepref-schema-"));
const schemaFile = join(work, "schema.json");
try {
  execFileSync(python, ["manage.py", "spectacular", "--format", "openapi-json", "--file", schemaFile], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    // The schema does not depend on the data: a throwaway directory keeps data/ untouched. It
    // does depend on the database engine (integer fields' ranges), so always the embedded SQLite.
    env: {
      ...process.env,
      DATA_DIR: join(work, "data"),
      DATABASE_URL: `sqlite:///${join(work, "schema.sqlite3")}`,
      DJANGO_SECRET_KEY: process.env.DJANGO_SECRET_KEY || "schema-generation",
    },
  });
  const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
  const ast = await openapiTS(schema, { alphabetize: true });
  const header =
    "/**\n * Generated from the Django API's OpenAPI schema by `npm run gen:api` (scripts/gen-api.mjs).\n" +
    " * Do not edit: change the serializers, then regenerate. `npm run check:api` fails when stale.\n */\n\n";
  const text = header + astToString(ast);
  if (check) {
    const current = existsSync(target) ? readFileSync(target, "utf8") : "";
    if (current !== text) {
      console.error("src/api/schema.d.ts is stale: the API's OpenAPI schema changed. Run `npm run gen:api` in frontend/ and commit the result.");
      process.exit(1);
    }
    console.log("src/api/schema.d.ts matches the API's OpenAPI schema.");
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${target}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
