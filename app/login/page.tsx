import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getRequestUser } from "@/lib/http/route.server";
import LoginForm from "@/components/workspace/LoginForm";
import { safeReturnPath } from "@/lib/auth/return-path";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const target = safeReturnPath({ next });
  if (await getRequestUser()) redirect(target);
  return (
    <main style={{ maxWidth: 420 }}>
      <h1>Sign in</h1>
      <p className="muted small">For analysts, editors and admins. Accounts are created by an admin; there is no public sign-up.</p>
      <LoginForm next={target} />
    </main>
  );
}
