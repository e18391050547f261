// /workspace/tips — tips sent by the public, for editors and admins only
import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { listTips } from "@/lib/tips/list-tips.server";
import TipList from "@/components/workspace/TipList";

export const metadata: Metadata = { title: "Tips from the public" };
export const dynamic = "force-dynamic";

export default async function TipsPage() {
  const user = await requirePageUser({ returnTo: "/workspace/tips", capability: "review:queue" });
  const tips = await listTips({ user });
  return (
    <main>
      <h1>Tips from the public</h1>
      <p className="muted">
        Sent through the form on public site pages. Never published. Treat links and attachments as untrusted; the sender&apos;s address is not kept, only a salted hash used to
        limit how many tips one address can send.
      </p>
      <TipList tips={tips} />
    </main>
  );
}
