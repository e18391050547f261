// /workspace/changes/:id/custody — signed-in: the chain of custody of one change, printable: every file and its hash,
// every person and decision (with their links of the site's hash chain), every release that carried it and its signature
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { DomainError } from "@/lib/errors";
import { getChangeCustody } from "@/lib/evidence/get-change-custody.server";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Chain of custody" };
export const dynamic = "force-dynamic";

const short = (h: string | null) => (h ? `${h.slice(0, 16)}…` : "—");

export default async function CustodyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser({ returnTo: `/workspace/changes/${id}/custody` });
  const view = await getChangeCustody({ annotationId: id, actor: user }).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  });
  return (
    <main className="custody">
      <p className="small muted no-print">
        <Link href={`/workspace/sites/${view.site.slug}`}>{view.site.name}</Link> · print this page for a paper record
      </p>
      <h1>Chain of custody: change {view.id.slice(-8)}</h1>
      <p>
        {view.site.name} · change <code>{view.id}</code> · now {view.status.toLowerCase().replace("_", " ")} · {view.revisions.length} revision
        {view.revisions.length === 1 ? "" : "s"}
      </p>

      <h2>Files</h2>
      <table data-testid="custody-files">
        <thead>
          <tr>
            <th>What</th>
            <th>sha256</th>
            <th>Bytes</th>
            <th>Derived from</th>
            <th>By, when</th>
          </tr>
        </thead>
        <tbody>
          {view.files.map((f) => (
            <tr key={`${f.kind}-${f.sha256}`} data-kind={f.kind}>
              <td>{f.what}</td>
              <td>
                <code className="hash">{f.sha256}</code>
              </td>
              <td>{f.bytes?.toLocaleString("en") ?? "—"}</td>
              <td>
                <code>{short(f.derivedFrom)}</code>
              </td>
              <td>
                {f.by ?? "—"}
                {f.at ? `, ${formatDateTime(f.at)}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Revisions</h2>
      <ol>
        {view.revisions.map((r) => (
          <li key={r.number}>
            Revision {r.number} by {r.author}, {formatDateTime(r.at)} · outline sha256 <code>{short(r.geometrySha256)}</code> · drawn between scenes <code>{r.beforeScene}</code>{" "}
            and <code>{r.afterScene}</code>
          </li>
        ))}
      </ol>

      <h2>People and decisions</h2>
      <table data-testid="custody-events">
        <thead>
          <tr>
            <th>Link</th>
            <th>When</th>
            <th>Who</th>
            <th>Decision</th>
            <th>Comment</th>
            <th>Hash (previous → this)</th>
          </tr>
        </thead>
        <tbody>
          {view.events.map((e, i) => (
            <tr key={i}>
              <td>{e.sequence ?? "before the chain"}</td>
              <td>{formatDateTime(e.at)}</td>
              <td>{e.actor}</td>
              <td>
                {e.action}
                {e.from ? ` (${e.from} → ${e.to})` : ` → ${e.to}`}
                {e.revision !== null ? `, revision ${e.revision}` : ""}
              </td>
              <td>{e.comment ?? ""}</td>
              <td>
                <code>{short(e.prevHash)}</code> → <code>{short(e.hash)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Releases</h2>
      {view.releases.length === 0 ? (
        <p className="muted">Not published yet.</p>
      ) : (
        <table data-testid="custody-releases">
          <thead>
            <tr>
              <th>Release</th>
              <th>Published</th>
              <th>Carried</th>
              <th>Snapshot sha256</th>
              <th>Review record fixed</th>
              <th>Signed with key</th>
            </tr>
          </thead>
          <tbody>
            {view.releases.map((r) => (
              <tr key={r.number}>
                <td>
                  <Link href={`/sites/${view.site.slug}/releases/${r.number}#change-${view.id}`}>Release {r.number}</Link>
                </td>
                <td>
                  {formatDateTime(r.publishedAt)} by {r.publishedBy}
                </td>
                <td>{r.revision === null ? "no longer (retracted)" : `revision ${r.revision}`}</td>
                <td>
                  <code className="hash">{r.snapshotSha256}</code>
                </td>
                <td>{r.chainLength === null ? "—" : `link ${r.chainLength}, ${short(r.chainHead)}`}</td>
                <td>{r.signingKeyId ? <code>{r.signingKeyId}</code> : "not signed"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="small muted">
        Check any of it without this server: <Link href="/about/verify">how to verify a release</Link>; <code>sitewatch audit verify</code> walks the hash chain of every site.
      </p>
    </main>
  );
}
