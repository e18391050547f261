import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getRequestUser } from "@/lib/http/route.server";
import { hasCapability } from "@/lib/auth/roles";
import SignOutButton from "@/components/ui/SignOutButton";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sitewatch", template: "%s · Sitewatch" },
  description: "Dated satellite imagery, reviewed changes and a citable public timeline for each site.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getRequestUser();
  return (
    <html lang="en">
      <body>
        <a href="#content" className="skip-link">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            Sitewatch
          </Link>
          <nav aria-label="Main">
            <Link href="/">Public map</Link>
            {user ? (
              <>
                <Link href="/workspace">Workspace</Link>
                {hasCapability({ role: user.role, capability: "review:queue" }) && <Link href="/workspace/review">Review queue</Link>}
                {hasCapability({ role: user.role, capability: "review:queue" }) && <Link href="/workspace/tips">Tips</Link>}
                {hasCapability({ role: user.role, capability: "settings:manage" }) && <Link href="/workspace/settings">Settings</Link>}
                {hasCapability({ role: user.role, capability: "job:manage" }) && <Link href="/workspace/jobs">Jobs</Link>}
                {hasCapability({ role: user.role, capability: "user:manage" }) && <Link href="/workspace/admin/users">Users</Link>}
                <Link href="/workspace/account">Account</Link>
                <span className="who">
                  {user.name} ({user.role.toLowerCase()})
                </span>
                <SignOutButton />
              </>
            ) : (
              <Link href="/login">Sign in</Link>
            )}
          </nav>
        </header>
        <div id="content" tabIndex={-1}>
          {children}
        </div>
      </body>
    </html>
  );
}
