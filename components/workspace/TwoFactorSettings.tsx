"use client";
// Two-step sign-in on the account page: set it up (a QR code and the secret
// as text, shown once; on only after a code from the app and the password),
// the ten recovery codes shown once, and turning it off (password and a code).
import { useState } from "react";
import { groupSecret } from "@/lib/accounts/two-factor-rules";
import type { TwoFactorEnrolmentView, TwoFactorStatusView } from "@/lib/accounts/two-factor-view";
import { MAX_PASSWORD_LENGTH } from "@/lib/accounts/password-rules";
import { formatDateTime } from "@/lib/format";
import { callApi, messageOfApiError as messageOf } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";

function PasswordAndCode({ codeLabel, codeHint }: { codeLabel: string; codeHint?: string }) {
  return (
    <>
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" maxLength={MAX_PASSWORD_LENGTH} required />
      </label>
      <label>
        {codeLabel}
        <input name="code" autoComplete="one-time-code" inputMode="text" maxLength={40} spellCheck={false} required />
      </label>
      {codeHint && (
        <p className="small muted" style={{ margin: 0 }}>
          {codeHint}
        </p>
      )}
    </>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="stack" data-testid="recovery-codes">
      <p className="notice" role="status">
        Two-step sign-in is on. Keep these recovery codes somewhere safe, away from your phone (print them, or a password manager): each signs you in once if you lose your phone.
        They are shown only now.
      </p>
      <ol className="recovery-codes" style={{ fontFamily: "monospace", fontSize: "1.1rem", columns: 2 }}>
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <div className="row">
        <button type="button" className="secondary" onClick={() => window.print()}>
          Print
        </button>
        <button type="button" onClick={onDone}>
          I have kept them
        </button>
      </div>
    </div>
  );
}

export default function TwoFactorSettings({ initialStatus }: { initialStatus: TwoFactorStatusView }) {
  const [status, setStatus] = useState(initialStatus);
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolmentView | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const reload = async () => setStatus(await callApi<TwoFactorStatusView>("/api/account/two-factor"));

  return (
    <section className="panel stack" aria-labelledby="two-factor-heading" data-testid="two-factor">
      <h2 id="two-factor-heading" style={{ marginTop: 0 }}>
        Two-step sign-in
      </h2>
      {codes ? (
        <RecoveryCodes
          codes={codes}
          onDone={() => {
            setCodes(null);
            void run(reload);
          }}
        />
      ) : status.enabled ? (
        <>
          <p data-testid="two-factor-state">
            <strong>On</strong> since {formatDateTime(status.enabledAt!)}. Signing in needs your password and a code from your authenticator app.{" "}
            <span data-testid="recovery-codes-left">
              {status.recoveryCodesLeft} of 10 recovery codes left
              {status.recoveryCodesLeft <= 3 ? ": turn two-step sign-in off and on again for new ones." : "."}
            </span>
          </p>
          <form
            className="stack"
            aria-label="Turn two-step sign-in off"
            onSubmit={(e) => {
              e.preventDefault();
              const formEl = e.currentTarget;
              const form = new FormData(formEl);
              void run(async () => {
                await callApi("/api/account/two-factor/disable", { body: { currentPassword: form.get("currentPassword"), code: form.get("code") } });
                formEl.reset();
                await reload();
                setNotice("Two-step sign-in is off: your password alone signs you in.");
              });
            }}
          >
            <h3 style={{ margin: 0 }}>Turn it off</h3>
            <PasswordAndCode codeLabel="Code from your app, or a recovery code" />
            <button type="submit" className="danger" disabled={busy}>
              Turn two-step sign-in off
            </button>
          </form>
        </>
      ) : enrolment ? (
        <form
          className="stack"
          aria-label="Confirm two-step sign-in"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            void run(async () => {
              const r = await callApi<{ recoveryCodes: string[] }>("/api/account/two-factor/confirm", {
                body: { currentPassword: form.get("currentPassword"), code: form.get("code") },
              });
              setEnrolment(null);
              setCodes(r.recoveryCodes);
            });
          }}
        >
          <p>
            1. Scan this code with an authenticator app (any that supports TOTP: Aegis, FreeOTP, Google Authenticator, 1Password…), or type the key into it by hand. It is shown
            only now: if you leave this page, start again.
          </p>
          {/* eslint-disable-next-line @next/next/no-img-element -- an inline SVG made on the server, not a file to optimise */}
          <img src={`data:image/svg+xml;utf8,${encodeURIComponent(enrolment.qrSvg)}`} alt="QR code to scan with your authenticator app" width={200} height={200} />
          <dl className="facts">
            <dt>Key</dt>
            <dd>
              <code data-testid="totp-secret">{groupSecret(enrolment.secret)}</code>
            </dd>
            <dt>Or open</dt>
            <dd>
              <a href={enrolment.otpauthUri} className="small" style={{ wordBreak: "break-all" }}>
                {enrolment.otpauthUri}
              </a>
            </dd>
          </dl>
          <p>2. Enter the 6-digit code the app now shows, and your password.</p>
          <PasswordAndCode codeLabel="6-digit code from the app" />
          <div className="row">
            <button type="submit" disabled={busy}>
              Turn two-step sign-in on
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => setEnrolment(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <p data-testid="two-factor-state">
            <strong>Off.</strong> With it on, signing in needs your password and a code from an app on your phone, so a stolen or guessed password alone is not enough. Editors and
            admins, who publish, should turn it on.
          </p>
          <div>
            <button
              type="button"
              disabled={busy}
              onClick={() => void run(async () => setEnrolment(await callApi<TwoFactorEnrolmentView>("/api/account/two-factor", { body: {} })))}
            >
              Set up two-step sign-in
            </button>
          </div>
        </>
      )}
      <ErrorAlert message={error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
    </section>
  );
}
