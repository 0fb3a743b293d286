import { useEffect, useState } from "preact/hooks";
import type { OutboxEntry } from "../lib/outboxQueue";
import type { PageDef } from "../pages/types";
import { outboxFor } from "./userOutbox";
import { currentRoute, navigate } from "./router";
import { hasRole, useSession } from "./session";

export function TopBar({ pages }: { pages: PageDef[] }) {
  const session = useSession();
  const route = currentRoute();
  const visible = pages
    .filter((page) => page.nav && !page.path.includes(":"))
    .filter((page) => page.roles === "signed-in" || hasRole(session, page.roles))
    .sort((a, b) => a.nav!.order - b.nav!.order);

  async function signOut() {
    const unsent = outboxFor(session.me.id).unsettled().length;
    if (unsent > 0 && !window.confirm(`${unsent} submission(s) have not reached the server yet. They stay on this computer and are sent when you sign in again here. Sign out?`)) return;
    await session.signOut();
  }

  return (
    <header class="top-bar">
      <span class="brand">Image preference</span>
      <nav aria-label="Main">
        {visible.map((page) => (
          <a
            key={page.id}
            href={"/app" + page.path}
            aria-current={route === page.path ? "page" : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate(page.path);
            }}
          >
            {page.nav!.label}
          </a>
        ))}
      </nav>
      <SyncStatus userId={session.me.id} />
      <span class="user" title="Signed in">
        {session.me.username}
      </span>
      <button type="button" class="link" onClick={signOut}>
        Sign out
      </button>
    </header>
  );
}

/** What the outbox is doing, always in view: saved, sending, retrying, refused. */
function SyncStatus({ userId }: { userId: number }) {
  const outbox = outboxFor(userId);
  const [entries, setEntries] = useState<readonly OutboxEntry[]>(() => [...outbox.list()]);
  const [, tick] = useState(0);
  useEffect(() => outbox.subscribe(() => setEntries([...outbox.list()])), [outbox]);
  const waiting = entries.find((e) => e.state === "waiting");
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [waiting]);

  const unsettled = entries.filter((e) => e.state !== "refused");
  const refused = entries.filter((e) => e.state === "refused").length;
  let text = "All work saved";
  let tone = "ok";
  if (waiting) {
    const seconds = Math.max(0, Math.ceil(((waiting.retryAt ?? Date.now()) - Date.now()) / 1000));
    text = `Not saved yet: ${waiting.lastError ?? "no answer"} Retrying ${seconds > 0 ? `in ${seconds} s` : "now"} (try ${waiting.attempts + 1}).`;
    tone = "warn";
  } else if (unsettled.length > 0) {
    text = `Saving ${unsettled.length} ${unsettled.length === 1 ? "submission" : "submissions"}…`;
    tone = "busy";
  } else if (refused > 0) {
    text = `${refused} refused by the server: see the task screen`;
    tone = "error";
  }
  return (
    <span class={`sync-status sync-${tone}`} role="status" aria-live="polite" data-testid="sync-status" data-pending={unsettled.length}>
      {text}
      {waiting ? (
        <button type="button" class="link" onClick={() => outbox.retryNow()}>
          Retry now
        </button>
      ) : null}
    </span>
  );
}
