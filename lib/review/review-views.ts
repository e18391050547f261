// What the review queue returns (GET /api/review/queue and the queue page). Pure.
import type { ChangeView } from "../annotations/change-view";
import type { SceneView } from "../scenes/scene-view";

export interface ReviewQueueItem {
  site: { id: string; slug: string; name: string };
  change: ChangeView;
  before: SceneView;
  after: SceneView;
}

export interface ReviewQueue {
  items: ReviewQueueItem[];
  /** What the filters can choose from: everything waiting, whatever the current filters. */
  options: {
    sites: { slug: string; name: string }[];
    types: { key: string; label: string }[];
    analysts: { id: string; name: string }[];
  };
}

/** GET /api/review/queue: each waiting change with its site, and what the filters can choose from. */
export interface ReviewQueueResponse {
  annotations: (ChangeView & { site: ReviewQueueItem["site"] })[];
  options: ReviewQueue["options"];
}

export function toReviewQueueResponse(queue: ReviewQueue): ReviewQueueResponse {
  return { annotations: queue.items.map((i) => ({ ...i.change, site: i.site })), options: queue.options };
}
