import { describe, expect, it } from "vitest";
import { formatRecoveryCode, groupSecret, parseSecondFactorCode } from "./two-factor-rules";

describe("parseSecondFactorCode", () => {
  it.each([
    ["123456", { kind: "totp", code: "123456" }],
    [" 123 456 ", { kind: "totp", code: "123456" }],
    ["abcde-fghjk", { kind: "recovery", code: "abcdefghjk" }],
    ["ABCDE FGHJK", { kind: "recovery", code: "abcdefghjk" }],
    ["12345", { kind: "invalid" }],
    ["1234567", { kind: "invalid" }],
    // 0, 1, i, l, o are not in the recovery alphabet.
    ["abcde-fghi1", { kind: "invalid" }],
    ["", { kind: "invalid" }],
  ])("%j → %j", (input, expected) => {
    expect(parseSecondFactorCode(input)).toEqual(expected);
  });
});

it("formats recovery codes and secrets for people", () => {
  expect(formatRecoveryCode("abcdefghjk")).toBe("abcde-fghjk");
  expect(groupSecret("JBSWY3DPEHPK3PXP")).toBe("JBSW Y3DP EHPK 3PXP");
});
