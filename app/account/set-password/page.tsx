// /account/set-password?token=… — public: the invited or reset person sets their password through a one-time link, then signs in at /login
import type { Metadata } from "next";
import Link from "next/link";
import { asSentence } from "@/lib/format";
import { inspectOneTimeLink, LINK_REFUSALS } from "@/lib/accounts/one-time-link.server";
import { MIN_PASSWORD_LENGTH } from "@/lib/accounts/password-rules";
import SetPasswordForm from "@/components/workspace/SetPasswordForm";

// The token is in the address: no referrer to other sites, and no search engine.
export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw : "";
  const link = await inspectOneTimeLink({ token });
  return (
    <main style={{ maxWidth: 480 }}>
      <h1>Set your password</h1>
      {link.state === "valid" ? (
        <>
          <p>
            {link.purpose === "INVITE" ? "You were invited to Sitewatch" : "A new password was asked for"} as <strong>{link.email}</strong> ({link.name}). Choose a password of at
            least {MIN_PASSWORD_LENGTH} characters; then sign in with it. This link works once, until {link.expiresAt.slice(0, 16).replace("T", " ")} UTC.
          </p>
          <SetPasswordForm token={token} email={link.email} />
        </>
      ) : (
        <>
          <p className="error" role="alert" data-testid="link-refused">
            {asSentence(LINK_REFUSALS[link.state])}
          </p>
          <p>
            <Link href="/login">Go to sign in</Link>
          </p>
        </>
      )}
    </main>
  );
}
