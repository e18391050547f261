"use client";
// Edit a site's details and footprint (PATCH /api/sites/:id with the version
// read). Only the fields changed here are sent. The footprint is drawn or
// pasted and checked live as on the new-site form (FootprintFields). A stale
// version answers 409 with the site as it is now: the form shows what the
// other person changed and offers to reapply these edits on top or to load
// theirs. Four eyes: public edits go out with the next release, which none of
// the people who changed the public text since the last one may publish
// (Site.publicEditorIds, mayPublishSiteText).
import Link from "next/link";
import { useState } from "react";
import type { BasemapConfig } from "@/components/map/basemap";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import { formatArea, formatDate } from "@/lib/format";
import type { SiteEditView, SiteView, StaleSiteDetails } from "@/lib/sites/site-view";
import { FootprintMapPanel, FootprintPasteField, useFootprintDraft } from "./FootprintFields";
import SiteFieldInputs, { readSiteFields, SITE_FIELD_LABELS, type SiteFieldValues } from "./SiteFieldInputs";

type Field = keyof SiteFieldValues | "footprint";
type Patch = Partial<SiteFieldValues> & { footprint?: unknown };

const TEXT_FIELDS = ["name", "kind", "qualifier", "country", "region", "description", "publicSummary", "methodologyNote"] as const satisfies readonly (keyof SiteFieldValues)[];
/** The internal description is never published: every other field goes out with the next release. */
const isPublic = (f: Field) => f !== "description";

/** The fields of `to` that differ from `from` (footprints compared as GeoJSON). */
function changedFields(from: SiteView, to: Patch): Field[] {
  return [
    ...TEXT_FIELDS.filter((f) => to[f] !== undefined && to[f].trim() !== from[f]),
    ...(to.footprint !== undefined && JSON.stringify(to.footprint) !== JSON.stringify(from.footprint) ? ["footprint" as const] : []),
  ];
}

function names(people: { id: string; name: string }[], me: string): string {
  return people.map((p) => (p.id === me ? `${p.name} (you)` : p.name)).join(", ");
}

interface Conflict {
  message: string;
  current: SiteView;
  publicEditors: { id: string; name: string }[];
  /** What this form tried to save. */
  mine: Patch;
}

export default function SiteEditForm(props: SiteEditView & { basemap: BasemapConfig; user: { id: string; name: string } }) {
  const [base, setBase] = useState<SiteView>(props.site);
  const [editors, setEditors] = useState(props.publicEditors);
  const [formKey, setFormKey] = useState(0);
  const draft = useFootprintDraft(props.site.footprint);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const me = props.user.id;

  /** Shows the site as saved now (ours or theirs), with the inputs filled from it. */
  function load(site: SiteView) {
    setBase(site);
    draft.setFootprint(site.footprint);
    draft.setTool("edit");
    setFormKey((k) => k + 1);
  }

  async function save(patch: Patch, version: number, from: SiteView) {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const { site } = await callApi<{ site: SiteView }>(`/api/sites/${from.id}`, { method: "PATCH", body: { ...patch, version } });
      const touchedPublic = changedFields(from, patch).some(isPublic);
      const nowEditors = touchedPublic && !editors.some((e) => e.id === me) ? [...editors, { id: me, name: props.user.name }] : editors;
      setEditors(nowEditors);
      setConflict(null);
      load(site);
      setSaved(
        touchedPublic
          ? `Saved. The public page shows these edits once the next release is published, by an editor other than ${names(nowEditors, me)}.`
          : "Saved. The internal description is never published.",
      );
    } catch (err) {
      const details = err instanceof ApiError && err.status === 409 ? (err.details as StaleSiteDetails | undefined) : undefined;
      if (details?.current) {
        setConflict({ message: err instanceof ApiError ? err.message : "", current: details.current, publicEditors: details.publicEditors ?? [], mine: patch });
        if (details.publicEditors) setEditors(details.publicEditors);
      } else {
        setError(err instanceof ApiError ? err.message : "could not reach the server");
      }
    } finally {
      setBusy(false);
    }
  }

  const footprintChanged = draft.footprint !== base.footprint;
  const footprintProblem =
    footprintChanged && draft.check && !draft.check.ok
      ? `Footprint: ${draft.check.message}`
      : footprintChanged && !draft.check
        ? "Draw the footprint or paste it as GeoJSON."
        : null;

  return (
    <div className="grid-2">
      <div>
        <FootprintMapPanel draft={draft} basemap={props.basemap} fitBbox={props.site.bbox} />
        <p className="small muted">
          Saved footprint: {formatArea(base.areaM2)}. Drawing or pasting a new one replaces it when you save.{" "}
          {footprintChanged && (
            <button type="button" className="link" onClick={() => draft.setFootprint(base.footprint)}>
              Put the saved footprint back
            </button>
          )}
        </p>
      </div>
      <div className="stack">
        <section className="panel small" data-testid="site-four-eyes" aria-label="Publishing these edits">
          <p style={{ margin: 0 }}>
            Edits to the public details (everything but the internal description) go out with the site&apos;s <strong>next release</strong>, not before:{" "}
            {props.latestRelease
              ? `the public page keeps release ${props.latestRelease.number} of ${formatDate(props.latestRelease.publishedAt)} until then.`
              : "the site is not published yet."}
          </p>
          <p style={{ margin: "0.4rem 0 0" }}>
            Four eyes: someone other than the people who changed the public details must publish that release.{" "}
            {editors.length > 0
              ? `Changed since ${props.latestRelease ? "the last release" : "the site was created"} by: ${names(editors, me)}.`
              : "Nobody has changed them since the last release."}
          </p>
        </section>
        {conflict && (
          <SiteConflictPanel
            conflict={conflict}
            base={base}
            me={me}
            busy={busy}
            onReapply={() => {
              // Only what this form changed, on top of the site as it is now: the fields both changed keep ours.
              const patch = Object.fromEntries(changedFields(base, conflict.mine).map((f) => [f, conflict.mine[f]])) as Patch;
              void save(patch, conflict.current.version, conflict.current);
            }}
            onTakeTheirs={() => {
              setConflict(null);
              load(conflict.current);
            }}
          />
        )}
        <form
          key={formKey}
          className="stack panel"
          aria-label="Edit the site"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            if (footprintProblem) {
              setError(footprintProblem);
              return;
            }
            const fields = readSiteFields(new FormData(e.currentTarget));
            const patch: Patch = { ...fields, ...(footprintChanged && draft.check?.ok ? { footprint: draft.check.geometry } : {}) };
            const changed = changedFields(base, patch);
            if (changed.length === 0) {
              setError("Nothing has changed.");
              return;
            }
            void save(Object.fromEntries(changed.map((f) => [f, patch[f]])) as Patch, base.version, base);
          }}
        >
          <SiteFieldInputs values={base} />
          <FootprintPasteField draft={draft} />
          <ErrorAlert message={error} />
          {saved && (
            <p className="notice" role="status" data-testid="site-saved">
              {saved}
            </p>
          )}
          <div className="row">
            <button type="submit" disabled={busy || footprintProblem !== null}>
              {busy ? "Saving…" : "Save"}
            </button>
            <Link href={`/workspace/sites/${base.slug}`}>Back to the site</Link>
          </div>
        </form>
      </div>
    </div>
  );
}

function SiteConflictPanel(props: { conflict: Conflict; base: SiteView; me: string; busy: boolean; onReapply: () => void; onTakeTheirs: () => void }) {
  const { conflict, base } = props;
  const theirs = changedFields(base, conflict.current);
  const mine = changedFields(base, conflict.mine);
  const overlapping = mine.filter((f) => theirs.includes(f));
  const show = (site: SiteView, f: Field) => (f === "footprint" ? `${formatArea(site.areaM2)}` : site[f] || "—");
  const others = conflict.publicEditors.filter((p) => p.id !== props.me);
  return (
    <section className="warning stack" role="alert" aria-label="Someone else changed this site" data-testid="site-edit-conflict">
      <strong>{conflict.message.charAt(0).toUpperCase() + conflict.message.slice(1)}.</strong>
      <p className="small" style={{ margin: 0 }}>
        Saved {conflict.current.updatedAt.slice(0, 16).replace("T", " ")} UTC (version {conflict.current.version}, you loaded {base.version})
        {others.length > 0 ? `; the public details were changed since the last release by ${others.map((p) => p.name).join(", ")}` : ""}.
      </p>
      {theirs.length > 0 && (
        <dl className="facts small" data-testid="site-conflict-their-changes">
          {theirs.map((f) => (
            <div key={f} style={{ display: "contents" }}>
              <dt>{SITE_FIELD_LABELS[f]}</dt>
              <dd>{f === "footprint" ? `redrawn (${show(base, f)} → ${show(conflict.current, f)})` : `${show(base, f)} → ${show(conflict.current, f)}`}</dd>
            </div>
          ))}
        </dl>
      )}
      <p className="small" style={{ margin: 0 }}>
        Your edits: {mine.length ? mine.map((f) => SITE_FIELD_LABELS[f]).join(", ") : "none"}.
        {overlapping.length > 0 && ` Both of you changed ${overlapping.map((f) => SITE_FIELD_LABELS[f]).join(", ")}: reapplying keeps yours there.`}
      </p>
      <div className="row">
        <button type="button" onClick={props.onReapply} disabled={props.busy || mine.length === 0}>
          Reapply my edits on top
        </button>
        <button type="button" className="secondary" onClick={props.onTakeTheirs} disabled={props.busy}>
          Discard my edits and load theirs
        </button>
      </div>
    </section>
  );
}
