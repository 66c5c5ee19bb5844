import { describe, expect, it } from "vitest";
import { globFor, relativeTo } from "../../src/init/paths.js";

describe("globs for the evidence found", () => {
  it("is the path itself for one file", () => {
    expect(globFor(["reports/junit/pytest.xml"], ["reports/junit/pytest.xml", "reports/other.xml"])).toBe(
      "reports/junit/pytest.xml",
    );
  });

  it("is dir/*.ext when that matches exactly the files found", () => {
    const files = ["reports/junit/a.xml", "reports/junit/b.xml"];
    expect(globFor(files, [...files, "reports/coverage.xml"])).toBe("reports/junit/*.xml");
  });

  it("narrows to a shared prefix or suffix when other files sit in the same folder", () => {
    const surefire = ["target/surefire-reports/TEST-a.xml", "target/surefire-reports/TEST-b.xml"];
    expect(globFor(surefire, [...surefire, "target/surefire-reports/testng-results.xml"])).toBe(
      "target/surefire-reports/TEST-*.xml",
    );
    const rules = ["monitoring/model.rules.yml", "monitoring/service.rules.yml"];
    expect(globFor(rules, [...rules, "monitoring/alertmanager.yml"])).toBe("monitoring/*.rules.yml");
  });

  it("falls back to a brace list under the common folder when no wildcard is exact", () => {
    const files = ["docs/runbooks/a.md", "ops/runbook.md"];
    expect(globFor(files, [...files, "docs/readme.md"])).toBe("{docs/runbooks/a.md,ops/runbook.md}");
  });

  it("writes paths relative to the readiness file's folder, up to the repository root", () => {
    expect(relativeTo("services/fraud", "services/fraud/docs/x.md")).toBe("docs/x.md");
    expect(relativeTo("services/fraud", "SECURITY.md")).toBe("../../SECURITY.md");
    expect(relativeTo("", "a/b.md")).toBe("a/b.md");
  });
});
