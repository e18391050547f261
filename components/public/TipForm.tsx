"use client";
// "Tell us something": a tip to the editors about this site. Never published.
import { useState } from "react";
import { callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import { TIP_LIMITS } from "@/lib/tips/tip-rules";

export default function TipForm({ site, siteName }: { site: string; siteName: string }) {
  const [state, setState] = useState<"idle" | "sending" | "sent">("idle");
  const [error, setError] = useState<string | null>(null);
  async function submit(form: HTMLFormElement) {
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    setState("sending");
    setError(null);
    try {
      await callApi("/api/public/tips", { body: { ...data, site } });
      setState("sent");
      form.reset();
    } catch (e) {
      setError((e as Error).message);
      setState("idle");
    }
  }
  return (
    <section className="panel" aria-labelledby="tip-heading">
      <h2 id="tip-heading" style={{ marginTop: 0 }}>
        Know something about {siteName}?
      </h2>
      <p className="small muted">
        Send the editors a tip: a correction, a source, something we missed. Tips are read by editors only and never published. Leave a contact only if you want a reply, and only
        if it is safe for you.
      </p>
      {state === "sent" ? (
        <p className="notice" role="status" data-testid="tip-sent">
          Thank you. Editors read every tip; nothing you sent is published.{" "}
          <button type="button" className="link" onClick={() => setState("idle")}>
            Send another
          </button>
        </p>
      ) : (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void submit(e.currentTarget);
          }}
        >
          <label>
            Your tip
            <textarea name="message" required minLength={TIP_LIMITS.bodyMin} maxLength={TIP_LIMITS.bodyMax} />
          </label>
          <div className="field-row">
            <label>
              A link (optional)
              <input name="link" type="url" maxLength={TIP_LIMITS.linkMax} placeholder="https://…" />
            </label>
            <label>
              How to reach you (optional)
              <input name="contact" maxLength={TIP_LIMITS.contactMax} autoComplete="off" />
            </label>
          </div>
          {/* For software only: people never see or fill this field. */}
          <div className="visually-hidden" aria-hidden="true">
            <label>
              Website
              <input name="website" tabIndex={-1} autoComplete="off" />
            </label>
          </div>
          <ErrorAlert message={error} />
          <div>
            <button type="submit" disabled={state === "sending"}>
              {state === "sending" ? "Sending…" : "Send the tip"}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
