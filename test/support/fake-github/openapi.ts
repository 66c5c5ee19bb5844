// GitHub's published REST description (@octokit/openapi's file, kept in test/fixtures/github-rest/),
// used to decide whether a request is one GitHub would accept and whether the fake answers in GitHub's
// shapes. Loaded once per process; validators are compiled on first use of an operation and cached.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const COMPONENTS_ID = "https://api.github.com/openapi/components";
const HTTP_METHODS = ["get", "put", "post", "patch", "delete", "head", "options"] as const;
// Parameters GitHub accepts with raw slashes in them (contents/dir/file.yml, commits/heads/main).
const MULTI_SEGMENT_PARAMS = new Set(["path", "ref"]);

export interface ParameterSpec {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: Json;
}

export interface Operation {
  /** Upper-case HTTP method. */
  method: string;
  /** Path template as GitHub documents it, e.g. `/repos/{owner}/{repo}/check-runs`. */
  template: string;
  /** `POST /repos/{owner}/{repo}/check-runs` */
  route: string;
  operationId: string;
  /** Where GitHub's error bodies point (`documentation_url`). */
  docsUrl: string;
  category: string;
  parameters: ParameterSpec[];
  requestBodyRequired: boolean;
  jsonBodySchema: Json | undefined;
  responseSchemas: Map<number, Json | null>;
}

export type RouteMatch =
  | { kind: "operation"; operation: Operation; params: Record<string, string> }
  | { kind: "wrong-method"; template: string; allowed: string[] }
  | { kind: "no-route" };

export interface SchemaProblem {
  /** Where in the request: `path`, `query`, `body` or `response`. */
  where: "path" | "query" | "body" | "response";
  message: string;
}

interface CompiledTemplate {
  template: string;
  segments: Array<{ literal: string } | { param: string }>;
  literalCount: number;
  methods: Map<string, Operation>;
}

/** The parsed description plus the lazily compiled validators. */
export class GitHubRestDescription {
  private readonly templates: CompiledTemplate[] = [];
  private readonly bodyValidators = new Map<string, ValidateFunction | null>();
  private readonly responseValidators = new Map<string, ValidateFunction | null>();
  private readonly paramValidators = new Map<string, ValidateFunction>();
  private readonly examples: JsonObject;
  private ajvStrict: Ajv | undefined;
  private ajvCoercing: Ajv | undefined;
  private readonly components: JsonObject;

  constructor(spec: JsonObject) {
    const components = spec.components as JsonObject;
    this.examples = (components.examples ?? {}) as JsonObject;
    // Only the schema part is handed to ajv; examples and parameters are read directly.
    this.components = { $id: COMPONENTS_ID, components: { schemas: toJsonSchema(components.schemas, "") } };
    const parameters = (components.parameters ?? {}) as JsonObject;
    const responses = (components.responses ?? {}) as JsonObject;

    for (const [template, pathItemJson] of Object.entries(spec.paths as JsonObject)) {
      const pathItem = pathItemJson as JsonObject;
      const compiled: CompiledTemplate = {
        template,
        segments: template
          .split("/")
          .slice(1)
          .map((segment) => {
            const param = /^\{([^}]+)\}$/.exec(segment);
            return param ? { param: param[1] as string } : { literal: segment };
          }),
        literalCount: 0,
        methods: new Map(),
      };
      compiled.literalCount = compiled.segments.filter((s) => "literal" in s).length;
      const shared = (pathItem.parameters ?? []) as Json[];
      for (const method of HTTP_METHODS) {
        const op = pathItem[method] as JsonObject | undefined;
        if (!op) continue;
        const params = [...shared, ...((op.parameters ?? []) as Json[])].map((p) =>
          resolveParameter(p as JsonObject, parameters),
        );
        const requestBody = op.requestBody as JsonObject | undefined;
        const jsonContent = (requestBody?.content as JsonObject | undefined)?.["application/json"] as
          JsonObject | undefined;
        const responseSchemas = new Map<number, Json | null>();
        for (const [code, responseJson] of Object.entries((op.responses ?? {}) as JsonObject)) {
          let response = responseJson as JsonObject;
          if (typeof response.$ref === "string") response = responses[refName(response.$ref)] as JsonObject;
          const content = (response?.content as JsonObject | undefined)?.["application/json"] as
            JsonObject | undefined;
          responseSchemas.set(Number(code), content?.schema ?? null);
        }
        const xGithub = (op["x-github"] ?? {}) as JsonObject;
        const operation: Operation = {
          method: method.toUpperCase(),
          template,
          route: `${method.toUpperCase()} ${template}`,
          operationId: String(op.operationId),
          docsUrl: docsUrlOf(op),
          category: String(xGithub.category ?? ""),
          parameters: params,
          requestBodyRequired: requestBody?.required === true,
          jsonBodySchema: jsonContent?.schema,
          responseSchemas,
        };
        compiled.methods.set(operation.method, operation);
      }
      this.templates.push(compiled);
    }
  }

  /** Finds the documented operation for a request path (still percent-encoded, without query). */
  match(method: string, rawPath: string): RouteMatch {
    const segments = rawPath.split("/").slice(1);
    let best: { compiled: CompiledTemplate; params: Record<string, string> } | undefined;
    for (const compiled of this.templates) {
      const params = matchSegments(compiled, segments, false);
      if (params && (!best || compiled.literalCount > best.compiled.literalCount))
        best = { compiled, params };
    }
    if (!best) {
      for (const compiled of this.templates) {
        const params = matchSegments(compiled, segments, true);
        if (params && (!best || compiled.literalCount > best.compiled.literalCount))
          best = { compiled, params };
      }
    }
    if (!best) return { kind: "no-route" };
    const operation = best.compiled.methods.get(method.toUpperCase());
    if (!operation) {
      return {
        kind: "wrong-method",
        template: best.compiled.template,
        allowed: [...best.compiled.methods.keys()],
      };
    }
    return { kind: "operation", operation, params: best.params };
  }

  /** The operation for a route such as `POST /repos/{owner}/{repo}/check-runs`, if GitHub documents it. */
  operation(route: string): Operation | undefined {
    const [method = "", template = ""] = route.split(" ");
    return this.templates.find((t) => t.template === template)?.methods.get(method.toUpperCase());
  }

  /** Path and query parameters: required ones present, each of its documented type, none unknown. */
  checkParameters(
    operation: Operation,
    pathParams: Record<string, string>,
    query: Record<string, string>,
  ): SchemaProblem[] {
    const problems: SchemaProblem[] = [];
    for (const location of ["path", "query"] as const) {
      const declared = operation.parameters.filter((p) => p.in === location);
      const given = location === "path" ? pathParams : query;
      const names = new Set(declared.map((p) => p.name));
      for (const name of Object.keys(given)) {
        if (!names.has(name)) {
          problems.push({ where: location, message: `unknown ${location} parameter "${name}"` });
        }
      }
      const key = `${operation.route} ${location}`;
      let validate = this.paramValidators.get(key);
      if (!validate) {
        const schema = {
          type: "object",
          properties: Object.fromEntries(
            declared.map((p) => [p.name, toJsonSchema(p.schema, COMPONENTS_ID)]),
          ),
          required: declared.filter((p) => p.required).map((p) => p.name),
        };
        validate = this.coercing().compile(schema);
        this.paramValidators.set(key, validate);
      }
      const copy = { ...given };
      if (!validate(copy)) {
        for (const error of validate.errors ?? []) {
          problems.push({ where: location, message: describeError(error, location, given) });
        }
      }
    }
    return problems;
  }

  /** The JSON request body against the operation's requestBody schema. */
  checkBody(operation: Operation, body: unknown, hasBody: boolean): SchemaProblem[] {
    if (!hasBody) {
      return operation.requestBodyRequired
        ? [{ where: "body", message: `${operation.route} requires a JSON request body` }]
        : [];
    }
    const validate = this.validatorFor(this.bodyValidators, operation.route, operation.jsonBodySchema);
    if (!validate) return [];
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => ({
      where: "body",
      message: describeError(error, "body", body),
    }));
  }

  /** A response body against the operation's documented schema for that status. */
  checkResponse(operation: Operation, status: number, body: unknown): SchemaProblem[] {
    if (!operation.responseSchemas.has(status)) {
      return [{ where: "response", message: `${operation.route} does not document status ${status}` }];
    }
    const schema = operation.responseSchemas.get(status) ?? undefined;
    const validate = this.validatorFor(this.responseValidators, `${operation.route} ${status}`, schema);
    if (!validate) return [];
    if (validate(body)) return [];
    return (validate.errors ?? [])
      .slice(0, 20)
      .map((error) => ({ where: "response", message: describeError(error, "response", body) }));
  }

  /** A deep copy of one of the description's examples (`components/examples/<name>`). */
  example<T = JsonObject>(name: string): T {
    const example = this.examples[name] as JsonObject | undefined;
    if (!example) throw new Error(`@octokit/openapi has no example named "${name}"`);
    return structuredClone(example.value) as T;
  }

  private validatorFor(
    cache: Map<string, ValidateFunction | null>,
    key: string,
    schema: Json | undefined,
  ): ValidateFunction | null {
    let validate = cache.get(key);
    if (validate === undefined) {
      validate = schema ? this.strict().compile(toJsonSchema(schema, COMPONENTS_ID) as object) : null;
      cache.set(key, validate);
    }
    return validate;
  }

  private strict(): Ajv {
    this.ajvStrict ??= makeAjv(false, this.components);
    return this.ajvStrict;
  }

  private coercing(): Ajv {
    this.ajvCoercing ??= makeAjv(true, this.components);
    return this.ajvCoercing;
  }
}

let loaded: GitHubRestDescription | undefined;

/** test/fixtures/github-rest/, found upwards from this module (also when the benchmark bundles it). */
function descriptionFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const folder = join(dir, "test", "fixtures", "github-rest");
    if (existsSync(join(folder, "source.json"))) return folder;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error("test/fixtures/github-rest/ not found above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/**
 * GitHub's REST description for api.github.com, parsed once per process: @octokit/openapi's
 * generated/api.github.com.json, kept gzipped in test/fixtures/github-rest/ (its README says why).
 */
export function gitHubRestDescription(): GitHubRestDescription {
  if (!loaded) {
    const folder = descriptionFolder();
    const source = JSON.parse(readFileSync(join(folder, "source.json"), "utf8")) as {
      sha256: string;
      version: string;
    };
    const bytes = gunzipSync(readFileSync(join(folder, "api.github.com.json.gz")));
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if (sha256 !== source.sha256) {
      throw new Error(
        `test/fixtures/github-rest/api.github.com.json.gz is not @octokit/openapi@${source.version}'s file (sha256 ${sha256}, source.json says ${source.sha256}): run node scripts/update-github-rest-description.mjs`,
      );
    }
    loaded = new GitHubRestDescription(JSON.parse(bytes.toString("utf8")) as JsonObject);
  }
  return loaded;
}

function makeAjv(coerceTypes: boolean, components: JsonObject): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    coerceTypes,
    validateSchema: false,
    logger: false,
    allowUnionTypes: true,
  });
  addFormatsModule.default(ajv);
  // OpenAPI formats ajv-formats does not know; GitHub documents but does not enforce them.
  for (const format of ["repo.nwo", "timestamp"]) ajv.addFormat(format, true);
  ajv.addSchema(components as object);
  return ajv;
}

function resolveParameter(parameter: JsonObject, components: JsonObject): ParameterSpec {
  const resolved =
    typeof parameter.$ref === "string" ? (components[refName(parameter.$ref)] as JsonObject) : parameter;
  return {
    name: String(resolved.name),
    in: resolved.in as ParameterSpec["in"],
    required: resolved.required === true,
    schema: resolved.schema ?? {},
  };
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

function docsUrlOf(op: JsonObject): string {
  const url = (op.externalDocs as JsonObject | undefined)?.url;
  // The description still carries some old /rest/reference/ links; GitHub's answers use the new layout.
  return typeof url === "string" ? url : "https://docs.github.com/rest";
}

function matchSegments(
  compiled: CompiledTemplate,
  segments: string[],
  allowMultiSegment: boolean,
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const pattern = compiled.segments;
  if (!allowMultiSegment) {
    if (pattern.length !== segments.length) return undefined;
    for (let i = 0; i < pattern.length; i++) {
      const part = pattern[i]!;
      const segment = segments[i]!;
      if ("literal" in part) {
        if (part.literal !== segment) return undefined;
      } else {
        if (segment === "") return undefined;
        const value = safeDecode(segment);
        if (value === undefined) return undefined;
        params[part.param] = value;
      }
    }
    return params;
  }
  // One multi-segment parameter may swallow extra segments; literals around it must still match.
  const multiIndex = pattern.findIndex((p) => "param" in p && MULTI_SEGMENT_PARAMS.has(p.param));
  if (multiIndex < 0 || segments.length <= pattern.length) return undefined;
  const extra = segments.length - pattern.length;
  const expanded: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (i === multiIndex) {
      expanded.push(segments.slice(i, i + extra + 1).join("%2F"));
    } else {
      expanded.push(segments[i < multiIndex ? i : i + extra]!);
    }
  }
  return matchSegments(compiled, expanded, false);
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * OpenAPI 3.0 schema → JSON Schema ajv understands: `nullable` becomes a null type, annotations that ajv
 * does not need are dropped, and `#/components/...` references are prefixed with `refBase`.
 */
function toJsonSchema(node: Json | undefined, refBase: string): Json {
  if (node === undefined) return {};
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, refBase));
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string") {
      out.$ref = value.startsWith("#/") ? `${refBase}${value}` : value;
    } else if (
      key === "example" ||
      key === "examples" ||
      key === "description" ||
      key === "discriminator" ||
      key === "externalDocs" ||
      key === "xml" ||
      key.startsWith("x-")
    ) {
      continue;
    } else if (key === "properties" || key === "patternProperties") {
      out[key] = Object.fromEntries(
        Object.entries(value as JsonObject).map(([name, sub]) => [name, toJsonSchema(sub, refBase)]),
      );
    } else if (key === "enum" || key === "default" || key === "const" || key === "required") {
      out[key] = value;
    } else if (typeof value === "object" && value !== null) {
      out[key] = toJsonSchema(value, refBase);
    } else {
      out[key] = value;
    }
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return Object.keys(out).length === 0 ? {} : { anyOf: [out, { type: "null" }] };
  }
  delete out.nullable;
  return out;
}

function describeError(error: ErrorObject, where: string, data: unknown): string {
  const location = error.instancePath === "" ? where : `${where}${error.instancePath.replace(/\//g, ".")}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `"${String(params.missingProperty)}" wasn't supplied (at ${location}).`;
    case "enum":
      return `For '${location}', ${JSON.stringify(valueAt(data, error.instancePath))} is not a member of enum (${(
        params.allowedValues as unknown[]
      )
        .map((v) => JSON.stringify(v))
        .join(", ")}).`;
    case "type":
      return `For '${location}', ${truncate(JSON.stringify(valueAt(data, error.instancePath)))} is not ${String(
        params.type,
      )}.`;
    default:
      return `For '${location}', ${error.message ?? error.keyword}.`;
  }
}

function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function truncate(text: string | undefined): string {
  if (text === undefined) return "undefined";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
