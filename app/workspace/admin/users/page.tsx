// /workspace/admin/users — admins: every account (role, status, last seen), invite, change role, deactivate, reset password, and the latest account events
import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { listAccountEvents } from "@/lib/accounts/account-events.server";
import { listUsers } from "@/lib/accounts/list-users.server";
import UsersAdmin from "@/components/workspace/UsersAdmin";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const me = await requirePageUser({ returnTo: "/workspace/admin/users", capability: "user:manage" });
  const [users, events] = await Promise.all([listUsers(), listAccountEvents({ limit: 50 })]);
  return (
    <main>
      <h1>Users</h1>
      <p className="muted">
        Invite people with a one-time link (there is no mail: pass the link on yourself), change roles, deactivate accounts (their sessions end at once) and issue password reset
        links. Every action here is recorded below.
      </p>
      <UsersAdmin initialUsers={users} initialEvents={events} meId={me.id} />
    </main>
  );
}
