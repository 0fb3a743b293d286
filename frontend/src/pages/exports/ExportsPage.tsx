import { useState } from "preact/hooks";
import { hasRole, useSession } from "../../app/session";
import { NewSnapshotForm } from "./NewSnapshotForm";
import { SnapshotList } from "./SnapshotList";

/** Dataset snapshots of a project: the list with their counts and downloads, and a form for a new one. */
export default function ExportsPage() {
  const session = useSession();
  const projects = session.projects.filter((project) => hasRole(session, ["researcher"], project.id));
  const [projectId, setProjectId] = useState<number | null>(projects[0]?.id ?? null);
  // Bumped when a snapshot is created, so the list reads it at once.
  const [created, setCreated] = useState(0);

  if (projects.length === 0 || projectId === null)
    return (
      <main class="exports">
        <h1>Dataset exports</h1>
        <p>Exports need the researcher or manager role in a project.</p>
      </main>
    );

  return (
    <main class="exports">
      <div class="exports-head">
        <h1>Dataset exports</h1>
        {projects.length > 1 ? (
          <label>
            Project{" "}
            <select value={projectId} onChange={(event) => setProjectId(Number(event.currentTarget.value))}>
              {projects.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span class="exports-project">{projects[0].name}</span>
        )}
      </div>
      <p class="exports-intro">
        A snapshot freezes the annotations it selects: downloading it again, or exporting it again, gives the same bytes
        (the archive's sha256 is shown). Downloads also work from scripts with a token: <code>GET /api/v1/snapshots/&lt;id&gt;/download/</code>.
      </p>
      <SnapshotList key={`${projectId}-${created}`} projectId={projectId} />
      <NewSnapshotForm projectId={projectId} onCreated={() => setCreated((n) => n + 1)} />
    </main>
  );
}
