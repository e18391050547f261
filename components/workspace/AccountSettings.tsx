"use client";
// The signed-in person's own account: change the password (the current one is
// needed; the other sessions end), the sessions with "this browser" marked and
// an End button each, and sign out everywhere.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { describeUserAgent } from "@/lib/accounts/account-rules";
import type { SessionView } from "@/lib/accounts/account-view";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/accounts/password-rules";
import { formatDateTime } from "@/lib/format";
import { ApiError, callApi, messageOfApiError as messageOf } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";

function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="stack panel"
      aria-label="Change your password"
      onSubmit={async (e) => {
        e.preventDefault();
        const formEl = e.currentTarget;
        const form = new FormData(formEl);
        const newPassword = String(form.get("newPassword") ?? "");
        setNotice(null);
        if (newPassword !== form.get("repeat")) {
          setError("The two new passwords are not the same.");
          return;
        }
        setBusy(true);
        setError(null);
        try {
          const r = await callApi<{ otherSessionsEnded: number }>("/api/account/password", { body: { currentPassword: form.get("currentPassword"), newPassword } });
          formEl.reset();
          setNotice(`Your password is changed. ${r.otherSessionsEnded === 0 ? "You had no other sessions." : `${r.otherSessionsEnded} other session(s) ended.`}`);
          onChanged();
        } catch (err) {
          setError(messageOf(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 style={{ marginTop: 0 }}>Change your password</h2>
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" maxLength={MAX_PASSWORD_LENGTH} required />
      </label>
      <label>
        New password
        <input name="newPassword" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} maxLength={MAX_PASSWORD_LENGTH} required />
      </label>
      <label>
        Repeat the new password
        <input name="repeat" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} maxLength={MAX_PASSWORD_LENGTH} required />
      </label>
      <p className="small muted" style={{ margin: 0 }}>
        At least {MIN_PASSWORD_LENGTH} characters. Your other sessions end; this browser stays signed in.
      </p>
      <ErrorAlert message={error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}

export default function AccountSettings({ initialSessions }: { initialSessions: SessionView[] }) {
  const router = useRouter();
  const [sessions, setSessions] = useState(initialSessions);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const refresh = async () => {
    try {
      setSessions((await callApi<{ sessions: SessionView[] }>("/api/account/sessions")).sessions);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) signedOut();
      else setError(messageOf(err));
    }
  };
  const signedOut = () => {
    router.push("/login");
    router.refresh();
  };

  const act = async (key: string, run: () => Promise<{ signedOut?: boolean; sessionsEnded?: number }>) => {
    setBusy(key);
    setError(null);
    setNotice(null);
    try {
      const r = await run();
      if (r.signedOut) return signedOut();
      if (r.sessionsEnded !== undefined) setNotice(`${r.sessionsEnded} other session(s) ended.`);
      await refresh();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PasswordForm onChanged={refresh} />
      <section className="panel" aria-labelledby="sessions-heading" data-testid="sessions">
        <h2 id="sessions-heading" style={{ marginTop: 0 }}>
          Your sessions ({sessions.length})
        </h2>
        <p className="small muted">
          Each browser you signed in with. A session ends after a while without use, and in any case some days after signing in; end any of them now if you no longer use it or do
          not recognise it.
        </p>
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Browser</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.handle} data-current={s.current ? "true" : undefined}>
                <td>
                  <span title={s.userAgent ?? undefined}>{describeUserAgent(s.userAgent)}</span> {s.current && <span className="badge">this browser</span>}
                </td>
                <td>{formatDateTime(s.createdAt)}</td>
                <td>{formatDateTime(s.lastSeenAt)}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy !== null}
                    aria-label={s.current ? "End this browser's session (sign out)" : `End session of ${describeUserAgent(s.userAgent)} signed in ${formatDateTime(s.createdAt)}`}
                    onClick={() => act(s.handle, () => callApi(`/api/account/sessions/${encodeURIComponent(s.handle)}`, { method: "DELETE" }))}
                  >
                    End
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="row" style={{ marginTop: "0.8rem" }}>
          <button
            type="button"
            className="secondary"
            disabled={busy !== null || sessions.length < 2}
            onClick={() => act("others", () => callApi("/api/account/sign-out-everywhere", { body: { keepThisBrowser: true } }))}
          >
            Sign out other sessions
          </button>
          <button
            type="button"
            className="danger"
            disabled={busy !== null}
            onClick={() => act("all", () => callApi("/api/account/sign-out-everywhere", { body: { keepThisBrowser: false } }))}
          >
            Sign out everywhere
          </button>
        </div>
        <ErrorAlert message={error} />
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
      </section>
    </>
  );
}
