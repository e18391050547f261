import { formatDate } from "@/lib/format";

export interface SourceItem {
  url: string;
  title: string;
  archiveUrl: string | null;
  accessedAt: string | null;
  /** Only reviewers see withheld sources; the public snapshot never has them. */
  withheld?: boolean;
}

/** A change's sources with their archived copies and access dates. */
export default function SourceList({ sources }: { sources: SourceItem[] }) {
  if (sources.length === 0) return null;
  return (
    <ul className="small">
      {sources.map((s) => (
        <li key={s.url}>
          <a href={s.url} rel="noopener noreferrer">
            {s.title}
          </a>
          {s.archiveUrl && (
            <>
              {" "}
              (
              <a href={s.archiveUrl} rel="noopener noreferrer">
                archived
              </a>
              )
            </>
          )}
          {s.accessedAt && <span className="muted"> — accessed {formatDate(s.accessedAt)}</span>}
          {s.withheld && <span className="badge"> withheld from public</span>}
        </li>
      ))}
    </ul>
  );
}
