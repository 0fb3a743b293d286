import "./models.css";
import { useEffect } from "preact/hooks";
import { buildPath, navigate } from "../../app/router";
import { hasRole, useSession } from "../../app/session";
import { PROJECT_MODELS_PATH } from "./paths";

/** Which project's models to look at; with one eligible project, go straight there. */
export default function ModelsPage() {
  const session = useSession();
  const eligible = session.projects.filter((p) => hasRole(session, ["researcher", "reviewer"], p.id));
  const only = eligible.length === 1 ? eligible[0] : null;

  useEffect(() => {
    if (only) navigate(buildPath(PROJECT_MODELS_PATH, { projectId: only.id }), { replace: true });
  }, [only?.id]);

  if (eligible.length === 0)
    return (
      <main class="models">
        <h1>Models</h1>
        <p>None of your projects lets you see its models (researchers, reviewers and managers do).</p>
      </main>
    );

  return (
    <main class="models">
      <h1>Models</h1>
      <ul class="project-list">
        {eligible.map((project) => {
          const href = buildPath(PROJECT_MODELS_PATH, { projectId: project.id });
          return (
            <li class="project-card" key={project.id}>
              <h2>{project.name}</h2>
              <a
                class="button primary"
                href={"/app" + href}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(href);
                }}
              >
                Open its models
              </a>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
