"use client";
// Admin settings: the change types analysts choose from (rename, describe,
// whether a damage grade is required, retire or restore, add), and the margin
// a change may reach beyond its site's footprint.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import { CHANGE_TYPE_LABEL, MAX_FOOTPRINT_BUFFER_M, type ChangeTypeView } from "@/lib/settings/settings.schema";

function useAction() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(what: () => Promise<unknown>, message: string) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await what();
      setDone(message);
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "could not reach the server");
    } finally {
      setBusy(false);
    }
  }
  return { error, done, busy, run };
}

function TypeRow({ type }: { type: ChangeTypeView }) {
  const [label, setLabel] = useState(type.label);
  const [description, setDescription] = useState(type.description);
  const [grade, setGrade] = useState(type.damageGradeApplies);
  const { error, done, busy, run } = useAction();
  const save = (body: Record<string, unknown>, message: string) => run(() => callApi(`/api/settings/change-types/${type.key}`, { method: "PATCH", body }), message);
  return (
    <tr data-type-key={type.key} className={type.active ? undefined : "muted"}>
      <td>
        <code>{type.key}</code>
      </td>
      <td>
        <input aria-label={`Label of ${type.key}`} value={label} onChange={(e) => setLabel(e.target.value)} />
      </td>
      <td>
        <input aria-label={`Description of ${type.key}`} value={description} onChange={(e) => setDescription(e.target.value)} />
      </td>
      <td>
        <input type="checkbox" aria-label={`Damage grade required for ${type.key}`} checked={grade} onChange={(e) => setGrade(e.target.checked)} />
      </td>
      <td className="row">
        <button type="button" className="secondary small" disabled={busy} onClick={() => save({ label, description, damageGradeApplies: grade }, "Saved.")}>
          Save
        </button>
        <button type="button" className="secondary small" disabled={busy} onClick={() => save({ active: !type.active }, type.active ? "Retired." : "Back in use.")}>
          {type.active ? "Retire" : "Restore"}
        </button>
        {done && (
          <span className="small" role="status">
            {done}
          </span>
        )}
        <ErrorAlert message={error} />
      </td>
    </tr>
  );
}

export default function SettingsEditor({ changeTypes, footprintBufferM }: { changeTypes: ChangeTypeView[]; footprintBufferM: number }) {
  const [buffer, setBuffer] = useState(String(footprintBufferM));
  const [newLabel, setNewLabel] = useState("");
  const [newDescription, setNewDescription] = useState("");
  const [newGrade, setNewGrade] = useState(false);
  const bufferAction = useAction();
  const addAction = useAction();
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="types-heading">
        <h2 id="types-heading" style={{ marginTop: 0 }}>
          Change types
        </h2>
        <p className="small muted">
          Keys never change (changes and releases refer to them); labels can. A retired type stays on the changes that use it but is no longer offered. Where a damage grade is
          required, analysts must grade the damage (destroyed, damaged, possibly damaged, no visible damage); elsewhere it cannot be set.
        </p>
        <table className="list" data-testid="change-types">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Label</th>
              <th scope="col">Description</th>
              <th scope="col">Damage grade</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {changeTypes.map((t) => (
              <TypeRow key={`${t.key}:${t.label}:${t.active}:${t.damageGradeApplies}`} type={t} />
            ))}
          </tbody>
        </table>
        <form
          className="row"
          aria-label="Add a change type"
          onSubmit={(e) => {
            e.preventDefault();
            void addAction.run(async () => {
              await callApi("/api/settings/change-types", { body: { label: newLabel, description: newDescription, damageGradeApplies: newGrade } });
              setNewLabel("");
              setNewDescription("");
              setNewGrade(false);
            }, "Added.");
          }}
        >
          <label className="inline">
            New type
            <input
              value={newLabel}
              onChange={(e) => setNewLabel(e.target.value)}
              required
              minLength={CHANGE_TYPE_LABEL.min}
              maxLength={CHANGE_TYPE_LABEL.max}
              placeholder="e.g. new checkpoint"
            />
          </label>
          <label className="inline">
            Description
            <input value={newDescription} onChange={(e) => setNewDescription(e.target.value)} />
          </label>
          <label className="inline">
            <input type="checkbox" checked={newGrade} onChange={(e) => setNewGrade(e.target.checked)} /> damage grade required
          </label>
          <button type="submit" disabled={addAction.busy}>
            Add type
          </button>
          {addAction.done && <span role="status">{addAction.done}</span>}
        </form>
        <ErrorAlert message={addAction.error} />
      </section>
      <section className="panel" aria-labelledby="buffer-heading">
        <h2 id="buffer-heading" style={{ marginTop: 0 }}>
          Footprint margin
        </h2>
        <form
          className="row"
          aria-label="Footprint margin"
          onSubmit={(e) => {
            e.preventDefault();
            void bufferAction.run(() => callApi("/api/settings", { method: "PATCH", body: { footprintBufferM: Number(buffer) } }), "Saved.");
          }}
        >
          <label className="inline">
            A change may reach this far beyond its site&apos;s footprint (metres)
            <input type="number" min={0} max={MAX_FOOTPRINT_BUFFER_M} step={1} value={buffer} onChange={(e) => setBuffer(e.target.value)} required style={{ width: "8rem" }} />
          </label>
          <button type="submit" disabled={bufferAction.busy}>
            Save
          </button>
          {bufferAction.done && <span role="status">{bufferAction.done}</span>}
        </form>
        <ErrorAlert message={bufferAction.error} />
      </section>
    </div>
  );
}
