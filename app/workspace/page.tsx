import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { formatDate } from "@/lib/format";
import { listWorkspaceSites } from "@/lib/sites/list-workspace-sites.server";
import { listChangesForUser } from "@/lib/annotations/list-changes-for-user.server";
import OwnChangesList from "@/components/workspace/OwnChangesList";
import { humanizeKind } from "@/lib/sites/site.schema";
import { statusLabel } from "@/lib/annotations/taxonomy";

export const metadata: Metadata = { title: "Workspace" };
export const dynamic = "force-dynamic";

export default async function WorkspacePage({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const user = await requirePageUser({ returnTo: "/workspace" });
  const { denied } = await searchParams;
  const [sites, own] = await Promise.all([listWorkspaceSites(), listChangesForUser(user.id)]);
  return (
    <main>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>Sites</h1>
        <Link className="button" href="/workspace/sites/new">
          New site
        </Link>
      </div>
      {denied && (
        <p className="error" role="alert">
          Your role ({user.role.toLowerCase()}) cannot open that page.
        </p>
      )}
      <table className="list" data-testid="workspace-sites">
        <thead>
          <tr>
            <th scope="col">Site</th>
            <th scope="col">Kind</th>
            <th scope="col">Scenes</th>
            <th scope="col">Changes by status</th>
            <th scope="col">Latest release</th>
          </tr>
        </thead>
        <tbody>
          {sites.map((s) => (
            <tr key={s.id}>
              <td>
                <Link href={`/workspace/sites/${s.slug}`}>{s.name}</Link>
                <div className="small muted">{s.country}</div>
              </td>
              <td>
                {humanizeKind(s.kind)} <span className="badge">{s.qualifier}</span>
              </td>
              <td>{s.sceneCount}</td>
              <td className="small">
                {Object.entries(s.statusCounts).map(([status, n]) => (
                  <span key={status} className={`badge status-${status}`} style={{ marginRight: 4 }}>
                    {statusLabel(status)} {n}
                  </span>
                ))}
                {Object.keys(s.statusCounts).length === 0 && <span className="muted">none yet</span>}
              </td>
              <td className="small">
                {s.latestRelease ? (
                  <Link href={`/sites/${s.slug}`}>
                    #{s.latestRelease.number} of {formatDate(s.latestRelease.publishedAt)}
                  </Link>
                ) : (
                  <span className="muted">unpublished</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sites.length === 0 && <p className="muted">No sites yet: create the first one.</p>}
      <OwnChangesList items={own} />
    </main>
  );
}
