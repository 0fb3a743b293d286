import { useState } from "preact/hooks";
import { hasRole, useSession } from "../../app/session";
import { DataPanel } from "./DataPanel";
import { NewProjectForm } from "./NewProjectForm";
import { PeoplePanel } from "./PeoplePanel";
import { ProgressPanel } from "./ProgressPanel";
import { ProtocolForm } from "./ProtocolForm";
import { QualificationPanel } from "./QualificationPanel";

const TABS = [
  ["protocol", "Protocol"],
  ["people", "People"],
  ["data", "Data"],
  ["qualification", "Qualification"],
  ["progress", "Progress"],
] as const;
type Tab = (typeof TABS)[number][0];

/** The manager's console: a project's protocol, people, data, qualification set and progress; staff also create projects. */
export default function ManagePage() {
  const session = useSession();
  const projects = session.projects.filter((project) => hasRole(session, ["manager"], project.id));
  const [projectId, setProjectId] = useState<number | null>(projects[0]?.id ?? null);
  const [tab, setTab] = useState<Tab>("protocol");
  const current = projects.find((p) => p.id === projectId) ?? projects[0];

  return (
    <main class="manage">
      <div class="manage-head">
        <h1>Manage</h1>
        {projects.length > 0 ? (
          <label>
            Project{" "}
            <select
              name="project"
              value={current?.id}
              onChange={(event) => setProjectId(Number(event.currentTarget.value))}
            >
              {projects.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {session.me.is_staff ? (
        <NewProjectForm
          onCreated={async (id) => {
            await session.refreshProjects();
            setProjectId(id);
            setTab("protocol");
          }}
        />
      ) : null}
      {current ? (
        <>
          <nav class="manage-tabs" role="tablist">
            {TABS.map(([id, label]) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={tab === id}
                class={tab === id ? "active" : ""}
                onClick={() => setTab(id)}
              >
                {label}
              </button>
            ))}
          </nav>
          <section class="manage-panel" key={`${current.id}-${tab}`}>
            {tab === "protocol" ? <ProtocolForm projectId={current.id} onSaved={() => session.refreshProjects()} /> : null}
            {tab === "people" ? <PeoplePanel projectId={current.id} /> : null}
            {tab === "data" ? <DataPanel projectId={current.id} /> : null}
            {tab === "qualification" ? <QualificationPanel projectId={current.id} /> : null}
            {tab === "progress" ? <ProgressPanel projectId={current.id} /> : null}
          </section>
        </>
      ) : (
        <p class="muted">You manage no project yet{session.me.is_staff ? ": create one above." : "."}</p>
      )}
    </main>
  );
}
