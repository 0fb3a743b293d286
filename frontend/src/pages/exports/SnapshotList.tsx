import { useEffect, useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { formatBytes, isActive, type Snapshot } from "./request";

const POLL_MS = 2000;

/** The project's snapshots, newest first; polled while one is being written. */
export function SnapshotList({ projectId }: { projectId: number }) {
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const page = await unwrap(api.GET("/projects/{project_id}/snapshots/", { params: { path: { project_id: projectId }, query: { limit: 100 } } }));
        if (stopped) return;
        setSnapshots(page.results);
        setError(null);
        if (page.results.some(isActive)) timer = setTimeout(load, POLL_MS);
      } catch (e) {
        if (!stopped) setError(e);
      }
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [projectId]);

  if (error) return <ErrorNotice error={error} />;
  if (snapshots === null) return <p class="muted">Loading snapshots…</p>;
  if (snapshots.length === 0) return <p class="muted">No snapshot yet: create the first one below.</p>;
  return (
    <table class="snapshot-table">
      <thead>
        <tr>
          <th>Version</th>
          <th>Status</th>
          <th>Groups</th>
          <th>Images</th>
          <th>Comparisons</th>
          <th>Ties</th>
          <th>Train / valid / test groups</th>
          <th>Formats</th>
          <th>Created</th>
          <th>Download</th>
        </tr>
      </thead>
      <tbody>
        {snapshots.map((snapshot) => (
          <SnapshotRow key={snapshot.id} snapshot={snapshot} />
        ))}
      </tbody>
    </table>
  );
}

function SnapshotRow({ snapshot }: { snapshot: Snapshot }) {
  const counts = snapshot.counts;
  const splits = counts?.splits as Record<string, { groups: number }> | undefined;
  const archive = snapshot.manifest?.archive;
  return (
    <tr data-snapshot-version={snapshot.version}>
      <td>v{snapshot.version}</td>
      <td>
        <Status snapshot={snapshot} />
      </td>
      <td>{counts?.groups ?? "…"}</td>
      <td>{counts?.images ?? "…"}</td>
      <td>{counts?.comparisons ?? "…"}</td>
      <td>{counts?.ties ?? "…"}</td>
      <td>{splits ? `${splits.train?.groups ?? 0} / ${splits.valid?.groups ?? 0} / ${splits.test?.groups ?? 0}` : "…"}</td>
      <td class="snapshot-formats">{snapshot.formats.join(", ")}</td>
      <td>
        {new Date(snapshot.created_at).toLocaleString()}
        {snapshot.created_by ? ` by ${snapshot.created_by}` : ""}
      </td>
      <td>
        {snapshot.download_url && archive ? (
          <a class="button" href={snapshot.download_url} download title={`sha256 ${archive.sha256}`}>
            {archive.name} ({formatBytes(archive.bytes)})
          </a>
        ) : (
          "—"
        )}
      </td>
    </tr>
  );
}

function Status({ snapshot }: { snapshot: Snapshot }) {
  if (snapshot.status === "failed")
    return (
      <span class="snapshot-failed" title={snapshot.error}>
        failed: {snapshot.error}
      </span>
    );
  if (isActive(snapshot))
    return (
      <span class="snapshot-running">
        {snapshot.status} <progress max={1} value={snapshot.progress} /> {Math.round(snapshot.progress * 100)}%
      </span>
    );
  return <span class="snapshot-ready">ready</span>;
}
