import { describe, expect, it } from "vitest";
import { parseCodeowners, ruleFor } from "../../src/init/codeowners.js";

const CODEOWNERS = `# Default owners
*                         @acme/platform
*.md                      @acme/docs
/services/fraud/          @acme/fraud-ml @dana
services/recs/**          @acme/recsys
/services/legacy/         # nobody owns this any more
docs/                     ops@acme.example
`;

describe("CODEOWNERS", () => {
  const rules = parseCodeowners(CODEOWNERS);

  it("gives the last matching rule, as GitHub does", () => {
    expect(ruleFor(rules, "readiness.yml")?.owners).toEqual(["@acme/platform"]);
    expect(ruleFor(rules, "services/fraud/readiness.yml")).toMatchObject({
      owners: ["@acme/fraud-ml", "@dana"],
      line: 4,
      pattern: "/services/fraud/",
    });
    expect(ruleFor(rules, "services/recs/readiness.yml")?.owners).toEqual(["@acme/recsys"]);
  });

  it("matches a pattern without a slash at any depth, and an anchored folder only at the root", () => {
    expect(ruleFor(rules, "services/fraud/MODEL_CARD.md")?.owners).toEqual(["@acme/fraud-ml", "@dana"]);
    expect(ruleFor(rules, "deep/nested/notes.md")?.owners).toEqual(["@acme/docs"]);
    expect(ruleFor(rules, "other/services/fraud/readiness.yml")?.owners).toEqual(["@acme/platform"]);
  });

  it("keeps a rule with no owners (nobody owns it) and drops e-mail owners", () => {
    expect(ruleFor(rules, "services/legacy/readiness.yml")?.owners).toEqual([]);
    expect(ruleFor(rules, "docs/x/readiness.yml")?.owners).toEqual([]);
  });
});
