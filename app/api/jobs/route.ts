// GET /api/jobs — the queue for admins: queued, running (progress, worker), failed (reason), the latest ends
import { route } from "@/lib/http/route.server";
import { listJobs } from "@/lib/jobs/list-jobs.server";

export const GET = route("job:manage", async () => Response.json(await listJobs()));
