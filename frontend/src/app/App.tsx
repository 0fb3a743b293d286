import type { ComponentType } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { api, ApiError, resetCsrf, SIGNED_OUT_EVENT, unwrap } from "../api/client";
import { complete, type Me, type ProjectSummary } from "../api/types";
import { findPage, pages } from "../pages/registry";
import type { PageDef, PageProps } from "../pages/types";
import { ErrorNotice } from "../lib/ErrorNotice";
import { hasRole, runBeforeSignOut, SessionContext, type Session } from "./session";
import { outboxFor } from "./userOutbox";
import { navigate, useRoute } from "./router";
import { SignIn } from "./SignIn";
import { TopBar } from "./TopBar";

type AuthState = { kind: "loading" } | { kind: "signed-out" } | { kind: "signed-in"; me: Me } | { kind: "error"; error: unknown };

export function App() {
  const [auth, setAuth] = useState<AuthState>({ kind: "loading" });

  useEffect(() => {
    // A session that ends while working (expired, signed out elsewhere) brings the sign-in back;
    // drafts and unsent submissions stay in this browser and go out after signing in.
    const onSignedOut = () => setAuth((a) => (a.kind === "signed-in" ? { kind: "signed-out" } : a));
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, []);

  useEffect(() => {
    unwrap(api.GET("/auth/me/"))
      .then((me) => setAuth({ kind: "signed-in", me }))
      .catch((error) =>
        setAuth(error instanceof ApiError && (error.status === 401 || error.status === 403) ? { kind: "signed-out" } : { kind: "error", error }),
      );
  }, []);

  if (auth.kind === "loading") return <p class="app-loading">Loading…</p>;
  if (auth.kind === "error")
    return (
      <main class="app-center">
        <ErrorNotice error={auth.error} />
        <button type="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </main>
    );
  if (auth.kind === "signed-out")
    return (
      <SignIn
        onSignedIn={(me) => {
          resetCsrf();
          setAuth({ kind: "signed-in", me });
          outboxFor(me.id).retryNow();
        }}
      />
    );
  return (
    <SignedIn
      me={auth.me}
      onSignedOut={() => {
        resetCsrf();
        setAuth({ kind: "signed-out" });
        navigate("/", { replace: true });
      }}
    />
  );
}

const loadedPages = new Map<string, ComponentType<PageProps>>();

function usePageComponent(page: PageDef | undefined) {
  const [, setTick] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const component = page ? loadedPages.get(page.id) : undefined;
  useEffect(() => {
    if (!page || loadedPages.has(page.id)) return;
    let live = true;
    page
      .load()
      .then((module) => {
        loadedPages.set(page.id, module.default);
        if (live) setTick((n) => n + 1);
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [page]);
  return { component, error };
}

function SignedIn({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const route = useRoute();

  const refreshProjects = useCallback(async () => {
    try {
      setProjects(complete(await unwrap(api.GET("/projects/"))));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    void refreshProjects();
  }, [refreshProjects]);

  const signOut = useCallback(async () => {
    await runBeforeSignOut();
    try {
      await api.POST("/auth/logout/");
    } finally {
      onSignedOut();
    }
  }, [onSignedOut]);

  const session: Session | null = useMemo(
    () => (projects ? { me, projects, refreshProjects, signOut } : null),
    [me, projects, refreshProjects, signOut],
  );

  const found = findPage(route) ?? findPage("/");
  const page = found?.page;
  const { component: Page, error: loadError } = usePageComponent(page);

  useEffect(() => {
    if (page) document.title = `${page.title} · Image preference annotation`;
  }, [page]);

  if (!session) {
    return error ? (
      <main class="app-center">
        <ErrorNotice error={error} />
      </main>
    ) : (
      <p class="app-loading">Loading your projects…</p>
    );
  }

  const projectId = found?.params.projectId ? Number(found.params.projectId) : undefined;
  const allowed = page && (page.roles === "signed-in" ? true : hasRole(session, page.roles, projectId));

  return (
    <SessionContext.Provider value={session}>
      <TopBar pages={pages} />
      <div class={`page page-${page?.id ?? "none"}`}>
        {error ? <ErrorNotice error={error} /> : null}
        {!allowed ? (
          <main class="app-center">
            <p role="alert">You do not have access to this page. Ask a manager of the project for a role.</p>
          </main>
        ) : loadError ? (
          <main class="app-center">
            <ErrorNotice error={loadError} />
          </main>
        ) : Page && found ? (
          <Page params={found.params} />
        ) : (
          <p class="app-loading">Loading…</p>
        )}
      </div>
    </SessionContext.Provider>
  );
}
