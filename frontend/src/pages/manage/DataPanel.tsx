import { useEffect, useState } from "preact/hooks";
import { API_BASE, ApiError, api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { FieldErrors } from "./FieldErrors";
import { goldCount, RANKING_USES, rankingOptions, type RankingOptions, type RankingUse } from "./imports";
import { problemsByField, rowPlace } from "./problems";

type Job = components["schemas"]["ImportJob"];
type JobDetail = components["schemas"]["ImportJobDetail"];
const POLL_MS = 1000;
const STAGES: Record<string, string> = {
  unpacking: "Reading the archive",
  checking: "Checking images",
  storing: "Storing images",
  writing: "Writing groups",
};

function running(job: Job): boolean {
  return job.status === "queued" || job.status === "running";
}

async function csrfToken(): Promise<string> {
  const cookie = document.cookie.split(";").map((part) => part.trim().split("="));
  const found = cookie.find(([key]) => key === "csrftoken");
  if (found) return decodeURIComponent(found[1]);
  return (await unwrap(api.GET("/auth/csrf/"))).csrfToken;
}

/** POST a zip with the upload's progress (fetch cannot report it); the answer is the queued job. */
async function upload(projectId: number, file: File, options: RankingOptions, onProgress: (fraction: number) => void): Promise<Job> {
  const token = await csrfToken();
  const form = new FormData();
  form.append("archive", file);
  for (const [key, value] of Object.entries(options)) form.append(key, String(value));
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `${API_BASE}/projects/${projectId}/import-jobs/`);
    request.setRequestHeader("X-CSRFToken", token);
    request.setRequestHeader("Accept", "application/json");
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onerror = () => reject(new Error("Could not reach the server."));
    request.onload = () => {
      let body: { detail?: string; errors?: [] } & Partial<Job> = {};
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // the status has to do
      }
      if (request.status === 202) resolve(body as Job);
      else reject(new ApiError(request.status, body.detail ?? `The server answered ${request.status}.`, body.errors ?? []));
    };
    request.send(form);
  });
}

/** Imports: upload a zip or name a server folder, follow the job, see the history and bad rows. */
export function DataPanel({ projectId }: { projectId: number }) {
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [shown, setShown] = useState<JobDetail | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [file, setFile] = useState<File | null>(null);
  const [folder, setFolder] = useState("");
  const [rankings, setRankings] = useState<RankingUse>("none");
  const path = { params: { path: { project_id: projectId } } };

  async function load(): Promise<Job[]> {
    const list = await unwrap(api.GET("/projects/{project_id}/import-jobs/", path));
    setJobs(list);
    return list;
  }
  async function show(id: number) {
    setShown(await unwrap(api.GET("/projects/{project_id}/import-jobs/{job_id}/", { params: { path: { project_id: projectId, job_id: id } } })));
  }

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const list = await load();
        if (!stopped && list.some(running)) timer = setTimeout(poll, POLL_MS);
        else if (!stopped && list[0] && list[0].status === "refused" && shown?.id !== list[0].id) await show(list[0].id);
      } catch (e) {
        if (!stopped) setError(e);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [projectId, sent]);

  async function start(event: Event) {
    event.preventDefault();
    setError(null);
    setShown(null);
    try {
      let job: Job;
      if (file) {
        setSent(0);
        job = await upload(projectId, file, rankingOptions(rankings), (fraction) => setSent(fraction));
      } else {
        const body = { folder, ...rankingOptions(rankings) };
        job = await unwrap(api.POST("/projects/{project_id}/import-jobs/", { ...path, body: body as never }));
      }
      setSent(job.id + 1); // polls again
    } catch (e) {
      setError(e);
      setSent(null);
    }
  }

  const byField = problemsByField(error, ["archive", "folder", "format", "rankings_as", "gold", "qualification"]);
  const active = jobs?.find(running);
  return (
    <div class="data">
      <form class="import-form" onSubmit={start} aria-label="Import generations">
        <label>
          Zip of generations{" "}
          <input name="archive" type="file" accept=".zip,application/zip" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          <FieldErrors problems={byField.archive} />
        </label>
        <span class="or">or</span>
        <label>
          Folder under the server's IMPORT_ROOTS, or s3://bucket/prefix{" "}
          <input name="folder" value={folder} disabled={file !== null} onInput={(e) => setFolder(e.currentTarget.value)} placeholder="sd-run-7" />
          <FieldErrors problems={byField.folder} />
        </label>
        <label>
          Rankings in the manifest{" "}
          <select name="rankings" value={rankings} onChange={(e) => setRankings(e.currentTarget.value as RankingUse)}>
            {RANKING_USES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <FieldErrors problems={[...(byField.gold ?? []), ...(byField.qualification ?? [])]} />
        </label>
        <button type="submit" disabled={!file && !folder}>
          Import
        </button>
        <FieldErrors problems={[...(byField.format ?? []), ...(byField.rankings_as ?? []), ...(byField[""] ?? [])]} />
      </form>
      {sent !== null && sent < 1 && file ? (
        <p>
          Uploading <progress class="upload-progress" value={sent} max={1} /> {Math.round(sent * 100)} %
        </p>
      ) : null}
      {active ? (
        <p class="import-running" role="status">
          {STAGES[active.stage] ?? "Waiting for a worker"}{" "}
          <progress class="import-progress" value={active.done} max={Math.max(active.total, 1)} /> {active.done} / {active.total}
        </p>
      ) : null}
      {error && !(error instanceof ApiError && error.errors.length) ? <ErrorNotice error={error} /> : null}
      <h2>Import history</h2>
      {jobs === null ? (
        <p class="muted">Loading…</p>
      ) : jobs.length === 0 ? (
        <p class="muted">Nothing imported yet.</p>
      ) : (
        <table class="import-history">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Source</th>
              <th>Status</th>
              <th>Groups</th>
              <th>Images</th>
              <th>Reused</th>
              <th>Gold</th>
              <th>Bad rows</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id} data-job={job.id} data-status={job.status}>
                <td>{new Date(job.created_at).toLocaleString()}</td>
                <td>{job.created_by ?? ""}</td>
                <td>{job.source}</td>
                <td class={`import-status status-${job.status}`}>{job.status}{job.error ? `: ${job.error}` : ""}</td>
                <td>{job.counts?.groups ?? ""}</td>
                <td>{job.counts?.images ?? ""}</td>
                <td>{job.counts?.images_reused ?? ""}</td>
                <td>{goldCount(job.counts)}</td>
                <td>
                  {job.problem_count ? (
                    <button type="button" class="link" onClick={() => void show(job.id)}>
                      {job.problem_count}
                    </button>
                  ) : (
                    ""
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown && shown.problems.length ? (
        <>
          <h2>
            Bad rows of {shown.source} ({shown.problem_count}; nothing was imported)
          </h2>
          <table class="bad-rows">
            <thead>
              <tr>
                <th>File</th>
                <th>Line</th>
                <th>Field</th>
                <th>Rule</th>
                <th>Problem</th>
              </tr>
            </thead>
            <tbody>
              {shown.problems.map((row, i) => (
                <tr key={i} data-rule={row.rule}>
                  <td title={rowPlace(row)}>{row.file}</td>
                  <td>{row.line ?? ""}</td>
                  <td>{row.field}</td>
                  <td>{row.rule}</td>
                  <td>{row.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}
