// `sitewatch scenes convert`: cloud-optimised copies for scenes stored before conversion existed.
import { convertScenesWithoutCog } from "@/lib/scenes/convert-scenes.server";
import { UsageError } from "./args";
import { progressBar } from "./progress-bar";

export async function runScenes(args: string[]): Promise<void> {
  if (args[0] !== "convert" || args.length > 1) throw new UsageError(`unknown scenes command "${args.join(" ")}"`);
  let bar: ReturnType<typeof progressBar> | null = null;
  let current = "";
  const outcomes = await convertScenesWithoutCog((sceneId, p) => {
    if (sceneId !== current) {
      bar?.done();
      bar = progressBar(sceneId);
      current = sceneId;
    }
    bar!.update(p.fraction, p.message);
  });
  (bar as ReturnType<typeof progressBar> | null)?.done();
  for (const o of outcomes) console.log(`${o.ok ? "ok" : "failed"} ${o.sceneId} ${o.message}`);
  if (outcomes.length === 0) console.log("every scene already has its cloud-optimised copy");
  if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
}
