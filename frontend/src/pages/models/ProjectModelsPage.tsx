import "./models.css";
import { useCallback, useEffect, useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { complete } from "../../api/types";
import { hasRole, useSession } from "../../app/session";
import { ErrorNotice } from "../../lib/ErrorNotice";
import type { PageProps } from "../types";
import { curvePoints, formatPercent, pollDelay } from "./chart";
import { LineChart } from "./LineChart";
import { ReflPanel } from "./ReflPanel";
import { ModelSettingsForm } from "./ModelSettingsForm";
import { RunPanel } from "./RunPanel";
import type { LearningCurvePoint, ModelOverview, ModelVersion } from "./types";
import { VersionsTable } from "./VersionsTable";

interface Data {
  overview: ModelOverview;
  versions: ModelVersion[];
  curve: LearningCurvePoint[];
}

async function load(projectId: number): Promise<Data> {
  const path = { project_id: projectId };
  const [overview, versions, curve] = await Promise.all([
    unwrap(api.GET("/projects/{project_id}/model/", { params: { path } })),
    unwrap(api.GET("/projects/{project_id}/model/versions/", { params: { path, query: { limit: 100 } } })),
    unwrap(api.GET("/projects/{project_id}/model/learning-curve/", { params: { path } })),
  ]);
  return complete({ overview, versions: versions.results, curve });
}

/** A project's reward model: production, the run in progress (live), the learning curve and
 * every version; retrain, promote and roll back for managers. */
export default function ProjectModelsPage({ params }: PageProps) {
  const projectId = Number(params.projectId);
  const session = useSession();
  const project = session.projects.find((p) => p.id === projectId);
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setData(await load(projectId));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [projectId]);

  const activeState = data?.overview.active_run?.state ?? null;
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    const timer = setTimeout(() => void refresh(), pollDelay(activeState));
    return () => clearTimeout(timer);
  }, [data, activeState, refresh]);

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    try {
      await action();
      await refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const title = `Models${project ? ` · ${project.name}` : ""}`;
  if (!data)
    return (
      <main class="models">
        <h1>{title}</h1>
        {error ? <ErrorNotice error={error} /> : <p>Loading…</p>}
      </main>
    );

  const { overview, versions, curve } = data;
  const production = overview.production;
  const loop = overview.settings;
  return (
    <main class="models">
      <header class="models-head">
        <h1>{title}</h1>
        {overview.can_manage ? (
          <div class="models-actions">
            <button type="button" class="button primary" disabled={busy || overview.active_run !== null}
              onClick={() => act(() => api.POST("/projects/{project_id}/model/runs/", { params: { path: { project_id: projectId } } }))}>
              Retrain now
            </button>
            <button type="button" disabled={busy || production === null}
              onClick={() => act(() => api.POST("/projects/{project_id}/model/rollback/", { params: { path: { project_id: projectId } } }))}>
              Roll back production
            </button>
          </div>
        ) : null}
      </header>
      {error ? <ErrorNotice error={error} /> : null}

      <section class="model-summary">
        <dl class="progress">
          <div>
            <dt>In production</dt>
            <dd data-testid="production">{production ? `v${production.number}` : "none yet"}</dd>
          </div>
          <div>
            <dt>Held-out accuracy</dt>
            <dd>{formatPercent(production?.metrics.preference_accuracy)}</dd>
          </div>
          <div>
            <dt>New comparisons</dt>
            <dd data-testid="new-comparisons">
              {overview.new_comparisons} / {loop.retrain_threshold}
            </dd>
          </div>
          <div>
            <dt>Retraining</dt>
            <dd>{loop.auto_retrain ? `automatic (${loop.preset})` : `by hand (${loop.preset})`}</dd>
          </div>
        </dl>
        <p class="definition">{overview.metric_definitions.preference_accuracy}</p>
      </section>

      {overview.active_run ? (
        <RunPanel run={overview.active_run} />
      ) : overview.last_run ? (
        <p class="last-run" data-run-state={overview.last_run.state}>
          Last run {overview.last_run.id}: {overview.last_run.state}
          {overview.last_run.error ? ` (${overview.last_run.error.split("\n")[0]})` : ""}.
        </p>
      ) : null}

      {overview.can_manage ? (
        <ModelSettingsForm projectId={projectId} settings={loop} hasVersions={versions.length > 0} onSaved={() => void refresh()} />
      ) : null}

      <section class="learning-curve">
        <h2>Learning curve</h2>
        <LineChart points={curvePoints(curve)} label="Held-out accuracy against training pairs, one point per version"
          xLabel="training pairs" yLabel="held-out accuracy" formatY={(y) => formatPercent(y, 0)} includeY={[0.5]}
          markers />
      </section>

      <section class="versions">
        <h2>Versions</h2>
        <VersionsTable versions={versions} canManage={overview.can_manage} busy={busy}
          onPromote={(version) => act(() => api.POST("/model-versions/{version_id}/promote/", { params: { path: { version_id: version.id } } }))} />
      </section>

      {hasRole(session, ["researcher"], projectId) ? <ReflPanel projectId={projectId} /> : null}
    </main>
  );
}
