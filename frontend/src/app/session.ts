/** Who is signed in and the projects they belong to (with roles and progress), for every page. */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Me, ProjectSummary, Role } from "../api/types";

export interface Session {
  me: Me;
  projects: ProjectSummary[];
  /** Read projects/ again (roles and progress). */
  refreshProjects(): Promise<void>;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() outside a signed-in app");
  return session;
}

/** The user's roles in one project (staff hold every role everywhere). */
export function rolesIn(session: Pick<Session, "me" | "projects">, projectId: number): Set<Role> {
  if (session.me.is_staff) return new Set<Role>(["annotator", "reviewer", "researcher", "manager"]);
  const project = session.projects.find((p) => p.id === projectId);
  return new Set(project?.roles ?? []);
}

/** True if the user holds one of `roles` (a manager holds them all) in the project, or in any
 * project when `projectId` is omitted. */
export function hasRole(session: Pick<Session, "me" | "projects">, roles: readonly Role[], projectId?: number): boolean {
  if (session.me.is_staff) return true;
  const projects = projectId === undefined ? session.projects : session.projects.filter((p) => p.id === projectId);
  return projects.some((p) => p.roles.includes("manager") || p.roles.some((role) => roles.includes(role)));
}

const beforeSignOut = new Set<() => Promise<unknown>>();

/** Run `task` before signing out (e.g. give back a prefetched lease); returns the unregister. */
export function onBeforeSignOut(task: () => Promise<unknown>): () => void {
  beforeSignOut.add(task);
  return () => beforeSignOut.delete(task);
}

/** Run the registered tasks, waiting at most `timeoutMs` for them. */
export async function runBeforeSignOut(timeoutMs = 2000): Promise<void> {
  const all = Promise.allSettled([...beforeSignOut].map((task) => task()));
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
}
