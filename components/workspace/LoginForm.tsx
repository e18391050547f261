"use client";
// Sign-in: email and password; for an account with two-step sign-in on, the
// server answers with a challenge instead of a session, and the form asks for
// the 6-digit code from the app (or a recovery code) before signing in.
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { SecondFactorNeeded } from "@/lib/accounts/two-factor-view";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";

function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : "could not reach the server";
}

export default function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [challenge, setChallenge] = useState<string | null>(null);

  const signedIn = () => {
    router.push(next);
    router.refresh();
  };

  if (challenge) {
    return (
      // Its own key: without it React reuses the password form's elements, and the password
      // typed a moment ago would show in clear text in the code field.
      <form
        key="second-factor"
        className="stack panel"
        aria-label="Two-step sign-in"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          setBusy(true);
          setError(null);
          try {
            await callApi("/api/auth/second-factor", { body: { challenge, code: form.get("code") } });
            signedIn();
          } catch (err) {
            const startAgain = err instanceof ApiError && (err.details as { startAgain?: boolean } | undefined)?.startAgain === true;
            if (startAgain) setChallenge(null);
            setError(messageOf(err));
            setBusy(false);
          }
        }}
      >
        <p style={{ margin: 0 }}>Your password is right. Now enter the 6-digit code your authenticator app shows, or one of your recovery codes.</p>
        <label>
          Code
          <input name="code" autoComplete="one-time-code" inputMode="numeric" maxLength={40} spellCheck={false} required autoFocus />
        </label>
        <ErrorAlert message={error} />
        <div className="row">
          <button type="submit" disabled={busy}>
            {busy ? "Checking…" : "Sign in"}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => {
              setChallenge(null);
              setError(null);
            }}
          >
            Start again
          </button>
        </div>
      </form>
    );
  }

  return (
    <form
      key="password"
      className="stack panel"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setBusy(true);
        setError(null);
        try {
          const r = await callApi<{ user?: unknown } | SecondFactorNeeded>("/api/auth/login", { body: { email: form.get("email"), password: form.get("password") } });
          if ("needsSecondFactor" in r) {
            setChallenge(r.challenge);
            setBusy(false);
            return;
          }
          signedIn();
        } catch (err) {
          setError(messageOf(err));
          setBusy(false);
        }
      }}
    >
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <ErrorAlert message={error} />
      <button type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
