"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { Role } from "@prisma/client";
import type { ChangeView } from "@/lib/annotations/change-view";
import ChangeCard from "./ChangeCard";

export default function ReviewQueue({ user, items }: { user: { id: string; role: Role }; items: { site: { slug: string; name: string }; change: ChangeView }[] }) {
  const router = useRouter();
  return (
    <div data-testid="review-queue">
      {items.map(({ site, change }) => (
        <section key={`${change.id}:${change.version}`} className="panel">
          <p className="small row" style={{ margin: 0, justifyContent: "space-between" }}>
            <Link href={`/workspace/sites/${site.slug}`}>{site.name}</Link>
            <Link href={`/workspace/sites/${site.slug}?change=${change.id}`}>Open on the map over its after scene</Link>
          </p>
          <ChangeCard change={change} user={user} onChanged={() => router.refresh()} />
        </section>
      ))}
    </div>
  );
}
