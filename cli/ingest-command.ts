import path from "node:path";
import { db } from "@/lib/db.server";
import { parseIsoDateTime } from "@/lib/dates";
import { DomainError } from "@/lib/errors";
import { ingestStagedScene } from "@/lib/scenes/ingest-scene.server";
import { stageLocalFile } from "@/lib/scenes/stage-upload.server";
import { getSiteBySlugOrThrow } from "@/lib/sites/get-site.server";
import { parse, progress, UsageError } from "./args";
import { progressBar } from "./progress-bar";

export async function runIngest(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, {
    site: { type: "string" },
    acquired: { type: "string" },
    sensor: { type: "string" },
    gsd: { type: "string" },
    license: { type: "string" },
    attribution: { type: "string" },
    "public-max-zoom": { type: "string" },
    public: { type: "boolean" },
    synthetic: { type: "boolean" },
    "off-site": { type: "boolean" },
    as: { type: "string" },
  });
  const file = positionals[0];
  if (!file) throw new UsageError("ingest needs a FILE");
  if (!values.site) throw new UsageError("ingest needs --site SLUG");
  if (!values.acquired) throw new UsageError("ingest needs --acquired DATE (ISO 8601, UTC)");
  // Checked before the file is read: a date that does not exist is refused, never rolled over.
  const acquired = parseIsoDateTime(values.acquired.trim());
  if (!acquired.ok) throw new DomainError("bad_input", `--acquired: ${acquired.problem}`);
  const site = await getSiteBySlugOrThrow(values.site);
  // Who the CLI acts as: --as EMAIL, or the first admin.
  const user = values.as
    ? await db.user.findUnique({ where: { email: values.as.toLowerCase() } })
    : await db.user.findFirst({ where: { role: "ADMIN", active: true }, orderBy: { createdAt: "asc" } });
  if (!user) throw new DomainError("bad_input", values.as ? `no account ${values.as}` : "no admin account: create one with `sitewatch user create`");
  progress(`reading ${file}…`);
  const staged = await stageLocalFile(file).catch((e: NodeJS.ErrnoException) => {
    throw e.code === "ENOENT" ? new DomainError("bad_input", `${file}: no such file`) : e;
  });
  const bar = progressBar(path.basename(file));
  const { scene, deduplicated } = await ingestStagedScene({
    staged,
    onProgress: (fraction, message) => bar.update(fraction, message),
    siteId: site.id,
    actor: { id: user.id, email: user.email, name: user.name, role: user.role },
    metadata: {
      acquiredAt: values.acquired,
      sensor: values.sensor,
      gsdM: values.gsd,
      license: values.license ?? "proprietary",
      // Without an attribution the scene is kept private (publicDisplay stays false unless --public).
      attribution: values.attribution ?? "attribution not recorded at ingest",
      publicDisplay: values.public ?? false,
      publicMaxZoom: values["public-max-zoom"],
      synthetic: values.synthetic ?? false,
      // A scene whose footprint misses the site's is refused unless this confirms it belongs there.
      confirmOffSite: values["off-site"] ?? false,
    } as never,
  });
  bar.done();
  console.log(JSON.stringify({ id: scene.id, sha256: scene.sha256, site: site.slug, deduplicated }));
}
