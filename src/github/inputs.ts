// The action's inputs: the one home of their defaults and types (action.yml only defaults the token).
import * as z from "zod";

/** GitHub passes an input that was not given as "", so "" means "use the default". */
const blankIsDefault = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

export const DEFAULT_FILES = "**/readiness.{yml,yaml}";

export const inputsSchema = z.object({
  githubToken: z
    .string({ message: "github-token is empty: leave the input out to use the workflow's GITHUB_TOKEN" })
    .trim()
    .min(1, "github-token is empty: leave the input out to use the workflow's GITHUB_TOKEN"),
  files: z.preprocess(blankIsDefault, z.string().trim().max(1024).default(DEFAULT_FILES)),
  stage: z.preprocess(
    blankIsDefault,
    z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, "stage must be a stage name such as production")
      .optional(),
  ),
  comment: z.preprocess(
    (v) => (typeof v === "string" ? blankIsDefault(v.trim().toLowerCase()) : v),
    z.enum(["auto", "always", "never"], { message: "comment must be auto, always or never" }).default("auto"),
  ),
  failOn: z.preprocess(
    (v) => (typeof v === "string" ? blankIsDefault(v.trim().toLowerCase()) : v),
    z
      .enum(["no-go", "conditional", "never"], { message: "fail-on must be no-go, conditional or never" })
      .default("no-go"),
  ),
  htmlReport: z.preprocess(
    (v) => (typeof v === "string" ? blankIsDefault(v.trim().toLowerCase()) : v),
    z
      .enum(["true", "false"], { message: "html-report must be true or false" })
      .default("false")
      .transform((v) => v === "true"),
  ),
  allowNoSystems: z.preprocess(
    (v) => (typeof v === "string" ? blankIsDefault(v.trim().toLowerCase()) : v),
    z
      .enum(["true", "false"], { message: "allow-no-systems must be true or false" })
      .default("false")
      .transform((v) => v === "true"),
  ),
});

export type ActionInputs = z.infer<typeof inputsSchema>;
export type CommentMode = ActionInputs["comment"];
export type FailOn = ActionInputs["failOn"];

/** The raw strings as the runner hands them over, keyed by the names in action.yml. */
export interface RawInputs {
  "github-token": string;
  files: string;
  stage: string;
  comment: string;
  "fail-on": string;
  "html-report": string;
  "allow-no-systems": string;
}

export type InputsResult = { ok: true; inputs: ActionInputs } | { ok: false; problems: string[] };

export function parseInputs(raw: RawInputs): InputsResult {
  const parsed = inputsSchema.safeParse({
    githubToken: raw["github-token"],
    files: raw.files,
    stage: raw.stage,
    comment: raw.comment,
    failOn: raw["fail-on"],
    htmlReport: raw["html-report"],
    allowNoSystems: raw["allow-no-systems"],
  });
  if (parsed.success) return { ok: true, inputs: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => describeIssue(issue)) };
}

const INPUT_NAMES: Record<string, string> = {
  githubToken: "github-token",
  files: "files",
  stage: "stage",
  comment: "comment",
  failOn: "fail-on",
  htmlReport: "html-report",
  allowNoSystems: "allow-no-systems",
};

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = String(issue.path[0] ?? "");
  const name = INPUT_NAMES[key] ?? key;
  // Our own messages already start with the input's name; zod's generic ones do not.
  return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
}

/** Whether the gate fails (non-zero exit, failing check run) for this verdict. */
export function gateFails(verdict: string, failOn: FailOn): boolean {
  if (failOn === "never") return false;
  if (verdict === "no-go") return true;
  return failOn === "conditional" && verdict === "conditional";
}
