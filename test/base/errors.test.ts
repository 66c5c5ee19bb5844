import { describe, expect, it } from "vitest";
import { ClockError, clockFrom } from "../../src/clock.js";
import { defectLine, isDefect, ServiceError, UserError } from "../../src/base/errors.js";
import { ContextError } from "../../src/github/context.js";
import { EvidenceError } from "../../src/base/errors.js";

describe("what the user must fix, what failed outside, and defects", () => {
  it.each([
    ["a user error", new UserError("invalid input: fail-on must be no-go, conditional or never")],
    [
      "a bad SHIPGATE_NOW",
      (() => {
        try {
          clockFrom("soon");
        } catch (err) {
          return err;
        }
      })(),
    ],
    ["a bad event", new ContextError("GITHUB_REPOSITORY is not set to owner/name")],
    ["a GitHub or git failure", new ServiceError("git is not installed on this machine")],
    ["GitHub's answer", Object.assign(new Error("Not Found"), { status: 404 })],
    [
      "the operating system's refusal",
      Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }),
    ],
    [
      "an unreadable repository",
      new EvidenceError("the repository root cannot be read; check the checkout", "unreadable"),
    ],
  ])("%s is not a defect", (_, err) => {
    expect(isDefect(err)).toBe(false);
  });

  it("a bad SHIPGATE_NOW is the user's to fix", () => {
    expect(() => clockFrom("soon")).toThrow(ClockError);
    expect(() => clockFrom("soon")).toThrow(UserError);
  });

  it.each([
    ["a TypeError", new TypeError("Cannot read properties of undefined (reading 'checks')")],
    ["a plain Error", new Error("the budget defaults do not parse")],
    ["a thrown string", "boom"],
  ])("%s is a defect, said in one line without a stack", (_, err) => {
    expect(isDefect(err)).toBe(true);
    const line = defectLine(err);
    expect(line).toMatch(/^a defect in Shipgate \(/);
    expect(line).toMatch(/please report it/);
    expect(line).not.toMatch(/\n| {4}at /);
  });
});
