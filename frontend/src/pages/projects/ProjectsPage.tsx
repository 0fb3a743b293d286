import { useEffect } from "preact/hooks";
import type { ProjectSummary } from "../../api/types";
import { buildPath, navigate } from "../../app/router";
import { hasRole, useSession } from "../../app/session";
import { annotatePage } from "../annotate";

/** The projects the user belongs to, with their progress and a way into annotating. */
export default function ProjectsPage() {
  const session = useSession();
  useEffect(() => {
    // Progress changes while annotating elsewhere: read it fresh on every visit.
    void session.refreshProjects();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (session.projects.length === 0)
    return (
      <main class="projects">
        <h1>Projects</h1>
        <p>You are not a member of any project yet. A project manager can add you.</p>
      </main>
    );

  return (
    <main class="projects">
      <h1>Your projects</h1>
      <ul class="project-list">
        {session.projects.map((project) => (
          <ProjectCard key={project.id} project={project} canAnnotate={hasRole(session, ["annotator"], project.id)} />
        ))}
      </ul>
    </main>
  );
}

function ProjectCard({ project, canAnnotate }: { project: ProjectSummary; canAnnotate: boolean }) {
  const href = buildPath(annotatePage.path, { projectId: project.id });
  const { done_today, done_total, queue_left } = project.progress;
  return (
    <li class="project-card" data-project-slug={project.slug}>
      <h2>{project.name}</h2>
      <p class="roles">
        Your roles: {project.roles.length ? project.roles.join(", ") : "staff"}
      </p>
      <dl class="progress">
        <div>
          <dt>Done today</dt>
          <dd data-testid="done-today">{done_today}</dd>
        </div>
        <div>
          <dt>Done in total</dt>
          <dd data-testid="done-total">{done_total}</dd>
        </div>
        <div>
          <dt>Left in the queue</dt>
          <dd data-testid="queue-left">{queue_left}</dd>
        </div>
      </dl>
      {canAnnotate ? (
        <a
          class="button primary"
          href={"/app" + href}
          onClick={(event) => {
            event.preventDefault();
            navigate(href);
          }}
        >
          {queue_left > 0 ? "Start annotating" : "Open the task screen"}
        </a>
      ) : null}
    </li>
  );
}
