/**
 * The task screen of a project: wires the task queue (current + prefetched group), the drafts
 * and the outbox (submissions on their way) to the TaskScreen of the current group.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import { complete, type ProjectDetail, type Task } from "../../api/types";
import { outboxFor } from "../../app/userOutbox";
import { navigate } from "../../app/router";
import { onBeforeSignOut, useSession } from "../../app/session";
import { ApiError } from "../../api/client";
import { ErrorNotice, errorText } from "../../lib/ErrorNotice";
import type { OutboxEntry } from "../../lib/outboxQueue";
import type { PageProps } from "../types";
import { DraftStore, type Draft } from "./drafts";
import { isQualificationRefusal, type MyQualification } from "./qualification";
import { QualificationNotes } from "./QualificationNotes";
import { buildSubmission } from "./rules";
import { UrlRefresher, withFreshUrls } from "./imageUrls";
import { preloadImages, TaskQueue } from "./taskQueue";
import { TaskScreen } from "./TaskScreen";

export default function AnnotatePage({ params }: PageProps) {
  const projectId = Number(params.projectId);
  const [project, setProject] = useState<ProjectDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setProject(null);
    setError(null);
    unwrap(api.GET("/projects/{project_id}/", { params: { path: { project_id: projectId } } })).then((p) => setProject(complete(p)), setError);
  }, [projectId]);

  if (error)
    return (
      <main class="app-center">
        <ErrorNotice error={error} />
      </main>
    );
  if (!project) return <p class="app-loading">Loading the project…</p>;
  return <Annotator key={project.id} project={project} />;
}

function Annotator({ project }: { project: ProjectDetail }) {
  const session = useSession();
  const outbox = outboxFor(session.me.id);
  const drafts = useMemo(() => new DraftStore(window.localStorage, session.me.id), [session.me.id]);
  const [, setVersion] = useState(0);
  const rerender = useCallback(() => setVersion((v) => v + 1), []);
  const [fetchError, setFetchError] = useState<unknown>(null);
  const [refusals, setRefusals] = useState<Record<number, string>>({});
  // Decoded images of queued groups, kept referenced so the browser keeps them ready.
  const preloaded = useRef(new Map<number, HTMLImageElement[]>());
  // The annotator's own qualification: read when the page opens and after each qualification
  // group is delivered (when a result may be in); null while unknown or not required.
  const [qualification, setQualification] = useState<MyQualification | null>(null);
  const passedBefore = useRef<boolean | null>(null);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const refreshQualification = useCallback(async () => {
    try {
      const status = complete(await unwrap(api.GET("/projects/{project_id}/qualification/", { params: { path: { project_id: project.id } } })));
      if (passedBefore.current === null) passedBefore.current = status.state === "passed";
      setQualification(status);
    } catch {
      // Only words on the screen: next-task still says what the server decided.
    }
  }, [project.id]);

  const queue = useMemo(
    () =>
      new TaskQueue({
        fetchNext: async (exclude) => {
          const task = await unwrap(api.POST("/projects/{project_id}/next-task/", { params: { path: { project_id: project.id } }, body: { exclude } }));
          // 204: nothing is left for this annotator now.
          return task ? complete(task) : null;
        },
        preload: (task) => {
          const keep: HTMLImageElement[] = [];
          preloaded.current.set(task.group.id, keep);
          return preloadImages(
            task.group.images.map((image) => image.url),
            keep,
          );
        },
        outboxGroups: () => outbox.list().filter((e) => e.projectId === project.id).map((e) => e.groupId),
        onChange: () => {
          setFetchError(null);
          rerender();
        },
        onError: (error) => {
          setFetchError(error);
          rerender();
        },
      }),
    [project.id, outbox, rerender],
  );

  // Presigned image URLs (images in a bucket) are asked for again before they expire.
  const refresher = useMemo(
    () =>
      new UrlRefresher({
        fetchUrls: (groupId) => unwrap(api.GET("/groups/{group_id}/image-urls/", { params: { path: { group_id: groupId } } })),
        apply: (fresh) => {
          const task = [queue.current, queue.next].find((t) => t?.group.id === fresh.group);
          if (!task) return;
          const updated = withFreshUrls(task, fresh);
          if (task === queue.next) {
            // Decode the prefetched group's images again, at their new URLs.
            const keep: HTMLImageElement[] = [];
            preloaded.current.set(updated.group.id, keep);
            void preloadImages(
              updated.group.images.map((image) => image.url),
              keep,
            );
          }
          queue.update(updated);
        },
      }),
    [queue],
  );
  useEffect(() => refresher.track([queue.current, queue.next]));
  useEffect(() => {
    const recheck = () => document.visibilityState === "visible" && refresher.recheck();
    document.addEventListener("visibilitychange", recheck);
    return () => {
      document.removeEventListener("visibilitychange", recheck);
      refresher.dispose();
    };
  }, [refresher]);

  // The session object changes whenever the projects are read again; the effect below must not
  // (it would dispose the queue), so it reaches the session through a ref.
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const lastRefresh = useRef(0);
  const refreshProgress = useCallback(() => {
    const now = Date.now();
    if (now - lastRefresh.current < 1500) return;
    lastRefresh.current = now;
    void sessionRef.current.refreshProjects();
  }, []);

  useEffect(() => {
    drafts.prune();
    // Refusals left from an earlier visit: reopen those groups first.
    for (const entry of outbox.list()) {
      if (entry.projectId === project.id && entry.state === "refused") {
        setRefusals((r) => ({ ...r, [entry.groupId]: entry.lastError ?? "refused" }));
        if (entry.context) queue.reopen(entry.context as Task);
      }
    }
    void queue.poke();
    void refreshQualification();
    const unsubscribe = outbox.subscribe((event) => {
      if (event.type === "changed") {
        rerender();
        return;
      }
      const entry: OutboxEntry = event.entry;
      if (entry.projectId !== project.id) return;
      if (event.type === "delivered") {
        if ((entry.context as Task | undefined)?.qualification) void refreshQualification();
        drafts.remove(entry.groupId);
        preloaded.current.delete(entry.groupId);
        setRefusals(({ [entry.groupId]: _, ...rest }) => rest);
        refreshProgress();
        void queue.poke();
      } else if (event.type === "refused") {
        setRefusals((r) => ({ ...r, [entry.groupId]: errorText(event.error) }));
        if (entry.context) queue.reopen(entry.context as Task);
      }
    });
    const unregister = onBeforeSignOut(async () => {
      // Give the prefetched group back so someone else can take it now.
      if (queue.next) await api.POST("/groups/{group_id}/release/", { params: { path: { group_id: queue.next.group.id } } }).catch(() => undefined);
    });
    return () => {
      unsubscribe();
      unregister();
      queue.dispose();
    };
  }, [queue, outbox, drafts, project.id, rerender, refreshProgress, refreshQualification]);

  // A refusal of next-task after the second failed attempt: read the result it refers to.
  const refusedForQualification = fetchError instanceof ApiError && isQualificationRefusal(fetchError.errors);
  useEffect(() => {
    if (refusedForQualification) void refreshQualification();
  }, [refusedForQualification, refreshQualification]);

  const submit = useCallback(
    (task: Task, draft: Draft, timeSpentMs: number) => {
      drafts.save(draft);
      const body = buildSubmission(project, task.group.images, draft, { clientKey: draft.clientKey, timeSpentMs });
      setRefusals(({ [task.group.id]: _, ...rest }) => rest);
      outbox.add({ kind: "submit", projectId: project.id, groupId: task.group.id, key: draft.clientKey, body, context: task });
      queue.advance();
    },
    [drafts, outbox, project, queue],
  );

  const skip = useCallback(
    (task: Task, reason: string) => {
      setRefusals(({ [task.group.id]: _, ...rest }) => rest);
      outbox.add({ kind: "skip", projectId: project.id, groupId: task.group.id, key: `skip:${task.group.id}`, body: { reason }, context: task });
      queue.advance();
    },
    [outbox, project.id, queue],
  );

  const discard = useCallback(
    (groupId: number) => {
      for (const entry of outbox.list()) if (entry.groupId === groupId) outbox.remove(entry.key);
      drafts.remove(groupId);
      setRefusals(({ [groupId]: _, ...rest }) => rest);
      void api.POST("/groups/{group_id}/release/", { params: { path: { group_id: groupId } } }).catch(() => undefined);
      queue.forget(groupId);
      void queue.poke();
    },
    [outbox, drafts, queue],
  );

  const summary = session.projects.find((p) => p.id === project.id);
  const progress = summary ? (
    <span class="progress-inline" data-testid="progress">
      Today <b>{summary.progress.done_today}</b> · Total <b>{summary.progress.done_total}</b> · Left <b>{summary.progress.queue_left}</b>
    </span>
  ) : null;

  const notes = (place: Task["qualification"]) => (
    <QualificationNotes
      place={place}
      status={qualification}
      passedBefore={passedBefore.current === true || dismissed === qualification?.latest?.number}
      onDismiss={() => setDismissed(qualification?.latest?.number ?? null)}
    />
  );
  const current = queue.current;
  if (current) {
    const refusal = refusals[current.group.id];
    return (
      <TaskScreen
        key={current.group.id}
        project={project}
        task={current}
        drafts={drafts}
        refusal={refusal ? { detail: refusal, onDiscard: () => discard(current.group.id) } : null}
        onSubmit={(draft, ms) => submit(current, draft, ms)}
        onSkip={(reason) => skip(current, reason)}
        footer={progress}
        banner={notes(current.qualification ?? null)}
        nextReady={queue.nextIsReady}
      />
    );
  }

  const waitingForOutbox = outbox.unsettled(project.id).length > 0;
  return (
    <main class="app-center task-waiting" data-testid="task-waiting">
      <h1>{project.name}</h1>
      {progress}
      {notes(null)}
      {fetchError ? (
        <>
          {refusedForQualification && qualification?.state === "failed" ? null : <ErrorNotice error={fetchError} />}
          <button type="button" onClick={() => void queue.poke()}>
            Try again
          </button>
        </>
      ) : queue.exhausted && !waitingForOutbox ? (
        <>
          <p data-testid="queue-empty">Nothing is left for you in this project's queue.</p>
          <button type="button" onClick={() => void queue.poke()}>
            Check again
          </button>
          <button type="button" onClick={() => navigate("/")}>
            Back to projects
          </button>
        </>
      ) : (
        <p>{waitingForOutbox ? "Saving your last submission, then the next group…" : "Loading the next group…"}</p>
      )}
    </main>
  );
}
