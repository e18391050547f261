import { describe, expect, it } from "vitest";
import { isAllowed, ROLES, STATUSES, type Who } from "@/tests/fixtures/review-workflow";
import { decideMove, movesFrom } from "./review-moves";

describe("review move table: every status pair × role × authorship", () => {
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      for (const role of ROLES) {
        for (const who of ["author", "other"] as Who[]) {
          const expected = isAllowed(from, to, role, who);
          it(`${role.toLowerCase()} (${who}) ${from} → ${to}: ${expected ? "allowed" : "refused"}`, () => {
            const d = decideMove({ from, to, role, isAuthor: who === "author", comment: "because" });
            expect(d.ok).toBe(expected);
          });
        }
      }
    }
  }
});

describe("review move refusals say why", () => {
  it("four eyes: an editor cannot approve their own change", () => {
    const d = decideMove({ from: "SUBMITTED", to: "APPROVED", role: "EDITOR", isAuthor: true });
    expect(d.ok).toBe(false);
    expect(!d.ok && d.refusal.reason).toBe("four-eyes");
  });
  it("four eyes holds for admins too", () => {
    const d = decideMove({ from: "SUBMITTED", to: "REJECTED", role: "ADMIN", isAuthor: true, comment: "x" });
    expect(!d.ok && d.refusal.reason).toBe("four-eyes");
  });
  it("an analyst cannot approve", () => {
    const d = decideMove({ from: "SUBMITTED", to: "APPROVED", role: "ANALYST", isAuthor: false });
    expect(!d.ok && d.refusal.reason).toBe("role");
  });
  it("requesting changes and rejecting need a comment", () => {
    for (const to of ["CHANGES_REQUESTED", "REJECTED"] as const) {
      for (const comment of [undefined, "", "   "]) {
        const d = decideMove({ from: "SUBMITTED", to, role: "EDITOR", isAuthor: false, comment });
        expect(!d.ok && d.refusal.reason).toBe("comment-required");
      }
    }
  });
  it("publishing happens only through a release", () => {
    const d = decideMove({ from: "APPROVED", to: "PUBLISHED", role: "EDITOR", isAuthor: false });
    expect(!d.ok && d.refusal.reason).toBe("release-only");
    expect(decideMove({ from: "APPROVED", to: "PUBLISHED", role: "EDITOR", isAuthor: false, viaRelease: true }).ok).toBe(true);
  });
  it("only the author submits a draft", () => {
    const d = decideMove({ from: "DRAFT", to: "SUBMITTED", role: "EDITOR", isAuthor: false });
    expect(!d.ok && d.refusal.reason).toBe("author-only");
  });
});

describe("movesFrom (the buttons a person sees)", () => {
  it("offers an editor reviewing someone else's change approve, request changes and reject", () => {
    expect(movesFrom("SUBMITTED", "EDITOR", false).map((m) => m.action)).toEqual(["approve", "request_changes", "reject"]);
  });
  it("offers an editor nothing on their own submitted change", () => {
    expect(movesFrom("SUBMITTED", "EDITOR", true)).toEqual([]);
  });
  it("never offers publish, which only a release does", () => {
    for (const s of STATUSES) for (const r of ROLES) expect(movesFrom(s, r, false).map((m) => m.action)).not.toContain("publish");
  });
});
