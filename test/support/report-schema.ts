// The JSON Schema embedded in docs/report-schema.md, compiled once: the documentation is what the tests
// check reports against.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: under NodeNext its default export may arrive wrapped in the module object.
type AddFormats = (ajv: Ajv) => Ajv;
const formatsExport = addFormatsModule as unknown as AddFormats | { default: AddFormats };
const addFormats: AddFormats = typeof formatsExport === "function" ? formatsExport : formatsExport.default;

function documentedSchema(): object {
  const doc = readFileSync(fileURLToPath(new URL("../../docs/report-schema.md", import.meta.url)), "utf8");
  const block = /## JSON Schema\s+```json\n([\s\S]*?)\n```/.exec(doc);
  if (!block) throw new Error("docs/report-schema.md has no JSON Schema block");
  return JSON.parse(block[1]!) as object;
}

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(documentedSchema());

/** Whether a parsed JSON report conforms to the documented schema, and ajv's account of why not. */
export function checkReportSchema(report: unknown): { ok: boolean; errors: string } {
  const ok = validate(report);
  return { ok, errors: ajv.errorsText(validate.errors) };
}
