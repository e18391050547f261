// The site's fields as form inputs, with their limits from lib/sites/site.schema.ts:
// the new-site form and the site edit form both use them (uncontrolled, read with FormData).
import { humanizeKind, SITE_KINDS, SITE_NAME, SITE_QUALIFIERS, SITE_TEXT } from "@/lib/sites/site.schema";
import type { SiteView } from "@/lib/sites/site-view";

/** The text fields of a site, as its view has them. */
export type SiteFieldValues = Pick<SiteView, "name" | "kind" | "qualifier" | "country" | "region" | "description" | "publicSummary" | "methodologyNote">;

export const SITE_FIELD_LABELS: Record<keyof SiteFieldValues | "footprint", string> = {
  name: "Name",
  kind: "Kind",
  qualifier: "Public qualifier",
  country: "Country",
  region: "Region",
  description: "Internal description",
  publicSummary: "Public summary",
  methodologyNote: "Methodology",
  footprint: "Footprint",
};

/** The values of the inputs below, read from their form. */
export function readSiteFields(form: FormData): SiteFieldValues {
  const get = (k: keyof SiteFieldValues) => String(form.get(k) ?? "");
  return {
    name: get("name"),
    kind: get("kind"),
    qualifier: get("qualifier"),
    country: get("country"),
    region: get("region"),
    description: get("description"),
    publicSummary: get("publicSummary"),
    methodologyNote: get("methodologyNote"),
  };
}

/** `values` fills the inputs (the edit form); `key` the form by the site's version so a reload shows what is saved. */
export default function SiteFieldInputs({ values }: { values?: Partial<SiteFieldValues> }) {
  return (
    <>
      <label>
        {SITE_FIELD_LABELS.name}
        <input name="name" required minLength={SITE_NAME.min} maxLength={SITE_NAME.max} defaultValue={values?.name} />
      </label>
      <div className="field-row">
        <label>
          {SITE_FIELD_LABELS.kind}
          <select name="kind" required defaultValue={values?.kind ?? "settlement"}>
            {SITE_KINDS.map((k) => (
              <option key={k} value={k}>
                {humanizeKind(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {SITE_FIELD_LABELS.qualifier}
          <select name="qualifier" required defaultValue={values?.qualifier ?? "suspected"}>
            {SITE_QUALIFIERS.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="field-row">
        <label>
          {SITE_FIELD_LABELS.country}
          <input name="country" required minLength={SITE_TEXT.country.min} maxLength={SITE_TEXT.country.max} defaultValue={values?.country} />
        </label>
        <label>
          {SITE_FIELD_LABELS.region}
          <input name="region" maxLength={SITE_TEXT.region} defaultValue={values?.region} />
        </label>
      </div>
      <label>
        {SITE_FIELD_LABELS.description} <span className="small muted">(never published)</span>
        <textarea name="description" maxLength={SITE_TEXT.description} defaultValue={values?.description} />
      </label>
      <label>
        {SITE_FIELD_LABELS.publicSummary}
        <textarea name="publicSummary" maxLength={SITE_TEXT.publicSummary} defaultValue={values?.publicSummary} />
      </label>
      <label>
        {SITE_FIELD_LABELS.methodologyNote} <span className="small muted">(public: how this site is monitored, sources and limits)</span>
        <textarea name="methodologyNote" maxLength={SITE_TEXT.methodologyNote} defaultValue={values?.methodologyNote} />
      </label>
    </>
  );
}
