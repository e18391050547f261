"use client";
// The header's navigation. Who is signed in comes from GET /api/session, asked
// again on every navigation (a sign-in or sign-out changes it), so the page
// around it is the same for every reader. `data-session` says when it is known.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import type { SessionView } from "@/lib/auth/header-links";
import SignOutButton from "./SignOutButton";

export default function SiteNav() {
  const pathname = usePathname();
  const [session, setSession] = useState<SessionView | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    fetch("/api/session", { signal: abort.signal, cache: "no-store" })
      .then((r) => (r.ok ? (r.json() as Promise<SessionView>) : { user: null, links: [] }))
      .then(setSession)
      .catch(() => {
        if (!abort.signal.aborted) setSession({ user: null, links: [] });
      });
    return () => abort.abort();
  }, [pathname]);

  return (
    <nav aria-label="Main" data-session={session === null ? "loading" : session.user ? "signed-in" : "anonymous"}>
      <Link href="/">Public map</Link>
      {session?.user ? (
        <>
          {session.links.map((l) => (
            <Link key={l.href} href={l.href}>
              {l.label}
            </Link>
          ))}
          <span className="who">
            {session.user.name} ({session.user.role.toLowerCase()})
          </span>
          <SignOutButton />
        </>
      ) : session ? (
        <Link href="/login">Sign in</Link>
      ) : null}
    </nav>
  );
}
