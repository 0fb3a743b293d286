import { useEffect, useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../../lib/ErrorNotice";

type Progress = components["schemas"]["ProjectProgress"];
const POLL_MS = 10_000;

/** Groups complete / in progress / open, annotations per day, who is active, the estimated finish. */
export function ProgressPanel({ projectId }: { projectId: number }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const answer = await unwrap(api.GET("/projects/{project_id}/progress/", { params: { path: { project_id: projectId } } }));
        if (stopped) return;
        setProgress(answer);
        setError(null);
      } catch (e) {
        if (!stopped) setError(e);
      }
      if (!stopped) timer = setTimeout(load, POLL_MS);
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [projectId]);

  if (progress === null) return error ? <ErrorNotice error={error} /> : <p class="muted">Loading progress…</p>;
  const g = progress.groups;
  const most = Math.max(1, ...progress.annotations_per_day.map((d) => d.annotations));
  const share = (n: number) => `${g.total ? (100 * n) / g.total : 0}%`;
  return (
    <div class="progress-panel">
      <dl class="progress-counts">
        <div data-count="complete">
          <dt>Complete</dt>
          <dd>{g.complete}</dd>
        </div>
        <div data-count="in_progress">
          <dt>In progress</dt>
          <dd>{g.in_progress}</dd>
        </div>
        <div data-count="open">
          <dt>Open</dt>
          <dd>{g.open}</dd>
        </div>
        <div data-count="gold">
          <dt>Gold</dt>
          <dd>{g.gold}</dd>
        </div>
      </dl>
      <div class="progress-bar" aria-label={`${g.complete} of ${g.total} groups complete`}>
        <span class="complete" style={{ width: share(g.complete) }} />
        <span class="in-progress" style={{ width: share(g.in_progress) }} />
      </div>
      <p>
        {progress.annotations_remaining} annotations still needed; {progress.rate_per_day} a day over the last week.{" "}
        <strong data-testid="estimated-finish">
          {progress.estimated_finish ? `Estimated finish: ${new Date(progress.estimated_finish).toLocaleDateString()}` : "No estimate yet (no annotations this week)."}
        </strong>
      </p>
      <p data-testid="active-annotators">
        Active now: {progress.active_annotators.length ? progress.active_annotators.join(", ") : "nobody"}
      </p>
      <h2>Annotations per day</h2>
      <div class="day-chart" role="img" aria-label="Annotations per day, last 30 days">
        {progress.annotations_per_day.map((d) => (
          <span key={d.day} class="day-bar" title={`${d.day}: ${d.annotations}`} style={{ height: `${(100 * d.annotations) / most}%` }} />
        ))}
      </div>
    </div>
  );
}
