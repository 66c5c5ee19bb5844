import { describe, expect, it } from "vitest";
import {
  addSecret,
  describeGitHubError,
  isPermissionDenied,
  isRateLimited,
  redact,
} from "../../src/github/errors.js";

const request = {
  method: "GET",
  url: "https://api.github.com/repos/acme/claims-triage/pulls/7/files?per_page=100",
};

describe("describeGitHubError", () => {
  it("names the call and GitHub's message without the documentation link", () => {
    const err = {
      status: 404,
      message: "Not Found - https://docs.github.com/rest/pulls/pulls#list-pull-requests-files",
      request,
    };
    expect(describeGitHubError(err)).toBe(
      "GET /repos/acme/claims-triage/pulls/7/files failed with 404: Not Found",
    );
  });

  it("tells a secondary rate limit from a missing permission", () => {
    const limited = {
      status: 403,
      message: "You have exceeded a secondary rate limit.",
      request,
      response: { headers: {} },
    };
    const denied = {
      status: 403,
      message: "Resource not accessible by integration",
      request,
      response: { headers: { "x-ratelimit-remaining": "4999" } },
    };
    expect([isRateLimited(limited), isPermissionDenied(limited)]).toEqual([true, false]);
    expect([isRateLimited(denied), isPermissionDenied(denied)]).toEqual([false, true]);
  });

  it("keeps to the first line of anything else", () => {
    expect(describeGitHubError(new Error("socket hang up\n    at Socket.emit (node:events:1:1)"))).toBe(
      "socket hang up",
    );
  });

  it("never repeats a registered secret", () => {
    addSecret("ghp_secretValue123");
    expect(redact("token ghp_secretValue123 rejected")).toBe("token *** rejected");
    expect(describeGitHubError(new Error("bad ghp_secretValue123"))).toBe("bad ***");
  });
});
