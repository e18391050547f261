"use client";
// The public form behind a one-time link: a new password, twice. Setting it
// signs nobody in: the person is sent to /login.
import Link from "next/link";
import { useState } from "react";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/accounts/password-rules";
import { callApi, messageOfApiError } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";

export default function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <div className="notice" role="status" data-testid="password-set">
        <p style={{ marginTop: 0 }}>Your password is set. Sign in as {email} with it.</p>
        <Link className="button" href={`/login`}>
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form
      className="stack panel"
      aria-label="Set your password"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const password = String(form.get("password") ?? "");
        if (password !== form.get("repeat")) {
          setError("The two passwords are not the same.");
          return;
        }
        setBusy(true);
        setError(null);
        try {
          await callApi("/api/account/set-password", { body: { token, password } });
          setDone(true);
        } catch (err) {
          setError(messageOfApiError(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      {/* For password managers: which account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <label>
        New password
        <input name="password" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} maxLength={MAX_PASSWORD_LENGTH} required />
      </label>
      <label>
        Repeat the new password
        <input name="repeat" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} maxLength={MAX_PASSWORD_LENGTH} required />
      </label>
      <ErrorAlert message={error} />
      <button type="submit" disabled={busy}>
        {busy ? "Setting…" : "Set password"}
      </button>
    </form>
  );
}
