import { describe, expect, it } from "vitest";
import { editOutcome, isAllowed, ROLES, STATUSES, type Who } from "@/tests/fixtures/review-workflow";
import { authorIdsOf, decideEdit, decideMove, decidePublish, isCorrectionEdit, mayPublishSiteText, movesBarredByFourEyes, movesFrom } from "./review-moves";

describe("review move table: every status pair × role × authorship × public or not", () => {
  for (const isPublic of [false, true]) {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        for (const role of ROLES) {
          for (const who of ["author", "other"] as Who[]) {
            const expected = isAllowed(from, to, role, who, isPublic);
            it(`${isPublic ? "[public] " : ""}${role.toLowerCase()} (${who}) ${from} → ${to}: ${expected ? "allowed" : "refused"}`, () => {
              const d = decideMove({ from, to, role, isAuthor: who === "author", hasPublicRevision: isPublic, comment: "because" });
              expect(d.ok).toBe(expected);
            });
          }
        }
      }
    }
  }
});

describe("edit rules: every status × role × authorship × public or not", () => {
  for (const isPublic of [false, true]) {
    for (const from of STATUSES) {
      for (const role of ROLES) {
        for (const who of ["author", "other"] as Who[]) {
          const expected = editOutcome(from, who, isPublic);
          it(`${isPublic ? "[public] " : ""}${role.toLowerCase()} (${who}) edits a ${from} change: ${expected ? `→ ${expected}` : "refused"}`, () => {
            const d = decideEdit({ from, role, isAuthor: who === "author", hasPublicRevision: isPublic });
            expect(d.ok ? d.to : null).toBe(expected);
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
  it("requesting changes, rejecting and retracting need a comment", () => {
    for (const [from, to] of [
      ["SUBMITTED", "CHANGES_REQUESTED"],
      ["SUBMITTED", "REJECTED"],
      ["PUBLISHED", "RETRACTED"],
    ] as const) {
      for (const comment of [undefined, "", "   "]) {
        const d = decideMove({ from, to, role: "EDITOR", isAuthor: false, comment });
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
  it("only a change with a public revision can be retracted", () => {
    const d = decideMove({ from: "DRAFT", to: "RETRACTED", role: "EDITOR", isAuthor: false, comment: "x" });
    expect(!d.ok && d.refusal.message).toMatch(/only a published change can be retracted/);
  });
  it("an edit of a submitted change says to ask for it back", () => {
    const d = decideEdit({ from: "SUBMITTED", role: "ANALYST", isAuthor: true });
    expect(!d.ok && d.refusal.message).toMatch(/with the editors/);
  });
});

describe("movesFrom (the buttons a person sees)", () => {
  it("offers an editor reviewing someone else's change approve, request changes and reject", () => {
    expect(movesFrom({ from: "SUBMITTED", role: "EDITOR", isAuthor: false }).map((m) => m.action)).toEqual(["approve", "request_changes", "reject"]);
  });
  it("adds retract while an earlier revision is public", () => {
    expect(movesFrom({ from: "SUBMITTED", role: "EDITOR", isAuthor: false, hasPublicRevision: true }).map((m) => m.action)).toEqual([
      "approve",
      "request_changes",
      "reject",
      "retract",
    ]);
  });
  it("offers an editor nothing on their own submitted change", () => {
    expect(movesFrom({ from: "SUBMITTED", role: "EDITOR", isAuthor: true })).toEqual([]);
  });
  it("never offers publish, which only a release does", () => {
    for (const s of STATUSES) for (const r of ROLES) expect(movesFrom({ from: s, role: r, isAuthor: false }).map((m) => m.action)).not.toContain("publish");
  });
});

describe("four eyes as the pages and publishing see it", () => {
  it("says which moves an editor's own work bars them from (the hint under their own submitted change)", () => {
    expect(movesBarredByFourEyes({ from: "SUBMITTED", role: "EDITOR", isAuthor: true }).map((m) => m.action)).toEqual(["approve", "request_changes", "reject"]);
    expect(movesBarredByFourEyes({ from: "SUBMITTED", role: "EDITOR", isAuthor: false })).toEqual([]);
    // An analyst's role does not allow reviewing at all: that is not four eyes.
    expect(movesBarredByFourEyes({ from: "SUBMITTED", role: "ANALYST", isAuthor: true })).toEqual([]);
  });
  it("buttons and bars agree with decideMove for every status × role × authorship", () => {
    for (const from of STATUSES)
      for (const role of ROLES)
        for (const isAuthor of [false, true])
          for (const hasPublicRevision of [false, true]) {
            for (const m of movesFrom({ from, role, isAuthor, hasPublicRevision })) {
              expect(decideMove({ from, to: m.to, role, isAuthor, hasPublicRevision, comment: "because" }).ok).toBe(true);
            }
            for (const m of movesBarredByFourEyes({ from, role, isAuthor, hasPublicRevision })) {
              const d = decideMove({ from, to: m.to, role, isAuthor, hasPublicRevision, comment: "because" });
              expect(!d.ok && d.refusal.reason).toBe("four-eyes");
            }
          }
  });
  it("publishing reads the table's publish row: reviewers only, never the change's authors", () => {
    expect(decidePublish({ role: "EDITOR", isAuthor: false }).ok).toBe(true);
    expect(decidePublish({ role: "ADMIN", isAuthor: false }).ok).toBe(true);
    const own = decidePublish({ role: "ADMIN", isAuthor: true });
    expect(!own.ok && own.refusal.reason).toBe("four-eyes");
    const analyst = decidePublish({ role: "ANALYST", isAuthor: false });
    expect(!analyst.ok && analyst.refusal.reason).toBe("role");
  });
  it("an edit is a correction exactly where it starts a new draft while the public keeps its revision", () => {
    for (const from of STATUSES)
      for (const isPublic of [false, true]) {
        const d = decideEdit({ from, role: "EDITOR", isAuthor: true, hasPublicRevision: isPublic });
        expect(isCorrectionEdit({ from, hasPublicRevision: isPublic }), `${from}${isPublic ? " (public)" : ""}`).toBe(d.ok && d.to === "DRAFT" && from !== "DRAFT");
      }
    expect(isCorrectionEdit({ from: "PUBLISHED", hasPublicRevision: true })).toBe(true);
    expect(isCorrectionEdit({ from: "REJECTED", hasPublicRevision: true })).toBe(true);
    expect(isCorrectionEdit({ from: "DRAFT", hasPublicRevision: true })).toBe(false);
  });
  it("a site's public text is not published by whoever last changed it", () => {
    expect(mayPublishSiteText({ actorId: "eli", publicEditorIds: ["ana"] })).toBe(true);
    expect(mayPublishSiteText({ actorId: "ana", publicEditorIds: ["ana"] })).toBe(false);
  });
});

describe("who counts as an author for four eyes", () => {
  it("the creator and the writers of revisions since the published one", () => {
    const revisions = [
      { number: 1, createdById: "ana" },
      { number: 2, createdById: "eli" },
      { number: 3, createdById: "erin" },
    ];
    expect(authorIdsOf({ authorId: "ana", revisions, publishedRevisionNumber: null }).sort()).toEqual(["ana", "eli", "erin"]);
    // Revision 2 was published (reviewed then): only revision 3's writer joins the creator.
    expect(authorIdsOf({ authorId: "ana", revisions, publishedRevisionNumber: 2 }).sort()).toEqual(["ana", "erin"]);
  });
});
