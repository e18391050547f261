// /workspace/settings — admins: the change-type taxonomy and how far a change may reach beyond its site's footprint
import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { getFootprintBufferM } from "@/lib/settings/get-footprint-buffer.server";
import { listChangeTypes } from "@/lib/settings/list-change-types.server";
import SettingsEditor from "@/components/workspace/SettingsEditor";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  await requirePageUser({ returnTo: "/workspace/settings", capability: "settings:manage" });
  const [changeTypes, footprintBufferM] = await Promise.all([listChangeTypes(), getFootprintBufferM()]);
  return (
    <main>
      <h1>Settings</h1>
      <SettingsEditor changeTypes={changeTypes} footprintBufferM={footprintBufferM} />
    </main>
  );
}
