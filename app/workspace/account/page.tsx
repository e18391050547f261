// /workspace/account — every signed-in person: change your password, two-step sign-in, see and end your sessions, sign out everywhere
import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { currentSessionId } from "@/lib/accounts/current-session.server";
import { listOwnSessions } from "@/lib/accounts/own-sessions.server";
import { getTwoFactorStatus } from "@/lib/accounts/two-factor-status.server";
import AccountSettings from "@/components/workspace/AccountSettings";
import TwoFactorSettings from "@/components/workspace/TwoFactorSettings";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const me = await requirePageUser({ returnTo: "/workspace/account" });
  const sessions = await listOwnSessions({ userId: me.id, currentSessionId: await currentSessionId() });
  const twoFactor = await getTwoFactorStatus(me.id);
  return (
    <main style={{ maxWidth: 900 }}>
      <h1>Your account</h1>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{me.name}</dd>
        <dt>Email</dt>
        <dd>{me.email}</dd>
        <dt>Role</dt>
        <dd>{me.role.toLowerCase()}</dd>
      </dl>
      <AccountSettings initialSessions={sessions} />
      <TwoFactorSettings initialStatus={twoFactor} />
    </main>
  );
}
