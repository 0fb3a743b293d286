import "./quality.css";
import { useEffect } from "preact/hooks";
import { buildPath, navigate } from "../../app/router";
import { hasRole, useSession } from "../../app/session";
import { AppLink } from "./Link";
import { QUALITY_PATH, REVIEW_PATH } from "./paths";

/** Which project's quality to look at; with one eligible project, go straight there. */
export default function QualityIndexPage() {
  const session = useSession();
  const eligible = session.projects.filter((p) => hasRole(session, ["reviewer", "researcher"], p.id));
  const only = eligible.length === 1 ? eligible[0] : null;

  useEffect(() => {
    if (only) navigate(buildPath(QUALITY_PATH, { projectId: only.id }), { replace: true });
  }, [only?.id]);

  return (
    <main class="quality">
      <h1>Quality</h1>
      {eligible.length === 0 ? (
        <p>None of your projects lets you see its quality figures (reviewers, researchers and managers do).</p>
      ) : (
        <ul class="project-list">
          {eligible.map((project) => (
            <li class="project-card" key={project.id}>
              <h2>{project.name}</h2>
              <AppLink class="button primary" pattern={QUALITY_PATH} params={{ projectId: project.id }}>Quality dashboard</AppLink>{" "}
              {hasRole(session, ["reviewer"], project.id) ? (
                <AppLink class="button" pattern={REVIEW_PATH} params={{ projectId: project.id }}>Review queue</AppLink>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
