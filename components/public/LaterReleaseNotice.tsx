"use client";
// The line on a release's own page that says whether later releases exist and
// what they corrected; the frozen page itself cannot know.
import Link from "next/link";
import { useLaterCorrections } from "./use-later-corrections";

export default function LaterReleaseNotice({ slug, number }: { slug: string; number: number }) {
  const later = useLaterCorrections({ slug, number });
  if (!later) return null;
  if (later.latestNumber <= number) return <> This is the latest release.</>;
  const corrected = Object.keys(later.notes).length;
  return (
    <>
      {" "}
      {corrected > 0 ? `${corrected} of its changes were corrected or retracted later (marked below). ` : ""}
      <Link href={`/sites/${slug}`}>Read the latest, release {later.latestNumber}</Link>.
    </>
  );
}
