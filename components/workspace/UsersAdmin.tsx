"use client";
// The admins' accounts page: invite (a one-time link to copy or print, shown
// once), the list with role, status and last seen, and per person: change
// role, deactivate or reactivate, a password reset link; then the latest
// account events. Refusals (the last admin, yourself) come from the server
// with a sentence saying why.
import { useState } from "react";
import type { Role } from "@prisma/client";
import type { AccountEventView, OneTimeLinkView, UserListItem } from "@/lib/accounts/account-view";
import { ROLES } from "@/lib/auth/roles";
import { formatDateTime } from "@/lib/format";
import { callApi, messageOfApiError as messageOf } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";

// Printing the page prints the link panel alone.
const PRINT_CSS = `@media print {
  body * { visibility: hidden; }
  .one-time-link, .one-time-link * { visibility: visible; }
  .one-time-link { position: absolute; inset: 0 auto auto 0; border: 0; }
  .one-time-link .no-print { display: none; }
}`;

function LinkPanel({ link, onDismiss }: { link: OneTimeLinkView; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  const url = typeof window === "undefined" ? link.path : `${window.location.origin}${link.path}`;
  return (
    <section className="panel one-time-link" aria-labelledby="link-heading" data-testid="one-time-link">
      <style>{PRINT_CSS}</style>
      <h2 id="link-heading" style={{ marginTop: 0 }}>
        {link.purpose === "INVITE" ? "Invitation link" : "Password reset link"} for {link.email}
      </h2>
      <p>
        Give this link to {link.email} privately. It works once, until <strong>{formatDateTime(link.expiresAt)}</strong>, to set a password; then they sign in at /login. It is
        shown only now: Sitewatch keeps no copy it could show again (issue a new one if it is lost).
      </p>
      <label>
        One-time link
        <input readOnly value={url} onFocus={(e) => e.currentTarget.select()} style={{ fontFamily: "ui-monospace, monospace" }} />
      </label>
      <div className="row no-print" style={{ marginTop: "0.5rem" }}>
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard.writeText(url).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          Copy link
        </button>
        <button type="button" className="secondary" onClick={() => window.print()}>
          Print
        </button>
        <button type="button" className="secondary" onClick={onDismiss}>
          Done
        </button>
        {copied && (
          <span role="status" className="small">
            Copied.
          </span>
        )}
      </div>
    </section>
  );
}

function InviteForm({ onInvited }: { onInvited: (link: OneTimeLinkView) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="panel stack"
      aria-label="Invite a person"
      onSubmit={async (e) => {
        e.preventDefault();
        const formEl = e.currentTarget;
        const form = new FormData(formEl);
        setBusy(true);
        setError(null);
        try {
          const r = await callApi<{ link: OneTimeLinkView }>("/api/admin/users", { body: { email: form.get("email"), name: form.get("name"), role: form.get("role") } });
          formEl.reset();
          onInvited(r.link);
        } catch (err) {
          setError(messageOf(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 style={{ marginTop: 0 }}>Invite a person</h2>
      <div className="field-row">
        <label>
          Email
          <input name="email" type="email" required maxLength={320} autoComplete="off" />
        </label>
        <label>
          Name
          <input name="name" required maxLength={200} autoComplete="off" />
        </label>
        <label>
          Role
          <select name="role" defaultValue="ANALYST">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorAlert message={error} />
      <div>
        <button type="submit" disabled={busy}>
          {busy ? "Inviting…" : "Invite"}
        </button>
      </div>
    </form>
  );
}

/** A role select with its own Save button: arrowing through a select must not change anyone's role on the way. */
function RolePicker({ user, disabled, onSave }: { user: UserListItem; disabled: boolean; onSave: (role: Role) => Promise<void> }) {
  const [role, setRole] = useState<Role>(user.role);
  const [shownRole, setShownRole] = useState<Role>(user.role);
  // The list was refreshed (saved, refused, or changed elsewhere): show the role as it is now.
  if (shownRole !== user.role) {
    setShownRole(user.role);
    setRole(user.role);
  }
  return (
    <div className="row">
      <select aria-label={`Role of ${user.email}`} value={role} disabled={disabled} onChange={(e) => setRole(e.currentTarget.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r.toLowerCase()}
          </option>
        ))}
      </select>
      {role !== user.role && (
        <>
          <button type="button" disabled={disabled} aria-label={`Save role of ${user.email}`} onClick={() => void onSave(role)}>
            Save
          </button>
          <button type="button" className="secondary" disabled={disabled} onClick={() => setRole(user.role)}>
            Cancel
          </button>
        </>
      )}
    </div>
  );
}

export default function UsersAdmin({ initialUsers, initialEvents, meId }: { initialUsers: UserListItem[]; initialEvents: AccountEventView[]; meId: string }) {
  const [users, setUsers] = useState(initialUsers);
  const [events, setEvents] = useState(initialEvents);
  const [link, setLink] = useState<OneTimeLinkView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const refresh = async () => {
    const [u, e] = await Promise.all([callApi<{ users: UserListItem[] }>("/api/admin/users"), callApi<{ events: AccountEventView[] }>("/api/admin/account-events")]);
    setUsers(u.users);
    setEvents(e.events);
  };

  const act = async (key: string, run: () => Promise<void>) => {
    setBusy(key);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
      await refresh().catch((err: unknown) => setError(messageOf(err)));
    }
  };

  return (
    <>
      {link && <LinkPanel link={link} onDismiss={() => setLink(null)} />}
      <InviteForm
        onInvited={(l) => {
          setLink(l);
          void refresh();
        }}
      />
      <section className="panel" aria-labelledby="accounts-heading">
        <h2 id="accounts-heading" style={{ marginTop: 0 }}>
          Accounts ({users.length})
        </h2>
        <ErrorAlert message={error} />
        <table className="list" data-testid="users">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-email={u.email}>
                <td>
                  {u.name} {u.id === meId && <span className="badge">you</span>}
                  <div className="small muted">{u.email}</div>
                </td>
                <td>
                  <RolePicker
                    user={u}
                    disabled={busy !== null}
                    onSave={(role) =>
                      act(`role-${u.id}`, async () => {
                        await callApi(`/api/admin/users/${u.id}`, { method: "PATCH", body: { role } });
                      })
                    }
                  />
                </td>
                <td>
                  <span className="badge" data-testid="account-status">
                    {u.status}
                  </span>
                  {u.openLinkExpiresAt && <div className="small muted">link open until {formatDateTime(u.openLinkExpiresAt)}</div>}
                  {u.active && u.sessionCount > 0 && <div className="small muted">{u.sessionCount} session(s)</div>}
                  {u.twoFactor && (
                    <div className="small muted" data-testid="two-factor-on">
                      two-step sign-in on
                    </div>
                  )}
                </td>
                <td className="small">{u.lastSeenAt ? formatDateTime(u.lastSeenAt) : <span className="muted">never</span>}</td>
                <td>
                  <div className="row">
                    {u.active ? (
                      <>
                        <button
                          type="button"
                          className="secondary"
                          disabled={busy !== null}
                          aria-label={`${u.status === "active" ? "Password reset link" : "New invitation link"} for ${u.email}`}
                          onClick={() =>
                            act(`reset-${u.id}`, async () => {
                              setLink((await callApi<{ link: OneTimeLinkView }>(`/api/admin/users/${u.id}/password-reset`, { body: {} })).link);
                            })
                          }
                        >
                          {u.status === "active" ? "Reset password" : "New link"}
                        </button>
                        {u.twoFactor && u.id !== meId && (
                          <button
                            type="button"
                            className="secondary"
                            disabled={busy !== null}
                            aria-label={`Reset two-step sign-in of ${u.email}`}
                            onClick={() => {
                              if (
                                !window.confirm(
                                  `Turn off two-step sign-in for ${u.email}? Do this only when you are sure it is them (they lost their phone and their recovery codes): their password alone will sign in until they set it up again.`,
                                )
                              )
                                return;
                              void act(`two-factor-${u.id}`, async () => {
                                await callApi(`/api/admin/users/${u.id}/two-factor-reset`, { body: {} });
                              });
                            }}
                          >
                            Reset two-step sign-in
                          </button>
                        )}
                        {u.id !== meId && (
                          <button
                            type="button"
                            className="danger"
                            disabled={busy !== null}
                            aria-label={`Deactivate ${u.email}`}
                            onClick={() => {
                              if (!window.confirm(`Deactivate ${u.email}? They are signed out everywhere at once and cannot sign in until reactivated.`)) return;
                              void act(`deactivate-${u.id}`, async () => {
                                await callApi(`/api/admin/users/${u.id}/deactivate`, { body: {} });
                              });
                            }}
                          >
                            Deactivate
                          </button>
                        )}
                      </>
                    ) : (
                      <button
                        type="button"
                        className="secondary"
                        disabled={busy !== null}
                        aria-label={`Reactivate ${u.email}`}
                        onClick={() =>
                          act(`reactivate-${u.id}`, async () => {
                            await callApi(`/api/admin/users/${u.id}/reactivate`, { body: {} });
                          })
                        }
                      >
                        Reactivate
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="events-heading" data-testid="account-events">
        <h2 id="events-heading" style={{ marginTop: 0 }}>
          Recent account events
        </h2>
        {events.length === 0 ? (
          <p className="muted small">Nothing yet.</p>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Account</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {events.map((ev) => (
                <tr key={ev.id}>
                  <td className="small">{formatDateTime(ev.at)}</td>
                  <td>{ev.actor ? ev.actor.name : <span className="muted">command line</span>}</td>
                  <td>{ev.subject.email}</td>
                  <td>{ev.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
