import { describe, expect, it } from "vitest";
import { describeUserAgent, lastAdminProblem } from "./account-rules";

describe("lastAdminProblem", () => {
  it.each([
    [{ role: "ADMIN", active: true }, 0, "demote", /cannot change the role of the last active admin/],
    [{ role: "ADMIN", active: true }, 0, "deactivate", /cannot deactivate the last active admin/],
    [{ role: "ADMIN", active: true }, 1, "demote", null],
    [{ role: "EDITOR", active: true }, 0, "deactivate", null],
    [{ role: "ADMIN", active: false }, 0, "demote", null],
  ] as const)("%o with %i other admins, %s → %s", (target, otherActiveAdmins, change, expected) => {
    const problem = lastAdminProblem({ target, otherActiveAdmins, change });
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe("describeUserAgent", () => {
  it.each([
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Linux"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Windows"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", "Safari on iOS"],
    ["curl/8.5.0", "curl"],
    [null, "unknown browser"],
    ["something else", "something else"],
  ])("%s → %s", (ua, expected) => {
    expect(describeUserAgent(ua)).toBe(expected);
  });
});
