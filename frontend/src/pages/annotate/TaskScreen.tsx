/**
 * One prompt group on screen: the prompt with its category and flags, every image with its
 * rating scales and flags, the ranking board, and the keys that drive all of it. Every change
 * is saved as the group's draft at once.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef } from "preact/hooks";
import type { ProjectDetail, Task } from "../../api/types";
import type { Draft, DraftStore } from "./drafts";
import { HelpPanel } from "./HelpPanel";
import { ImageCard } from "./ImageCard";
import {
  focusAfterValue,
  isRankRow,
  moveImage,
  moveRow,
  setCategory,
  setRating,
  setSlot,
  toggleImageFlag,
  togglePromptFlag,
  type Focus,
} from "./judgments";
import { actionFor, type KeyAction } from "./keymap";
import { AnchorLegend, CategoryMenu, categoryKey, FlagsMenu } from "./Menus";
import { PromptBar } from "./PromptBar";
import { RankingBoard } from "./RankingBoard";
import { imageLetter, ratingConflicts, validate, type Judgments, type Problem } from "./rules";
import { SKIP_REASONS, SkipDialog, skipReason } from "./SkipDialog";
import { useActiveTime } from "./useActiveTime";
import { ZoomOverlay } from "./ZoomOverlay";

export type Overlay = null | "help" | "flags" | "promptFlags" | "category" | "zoom" | "skip";

export interface TaskScreenProps {
  project: ProjectDetail;
  task: Task;
  drafts: DraftStore;
  /** The server's refusal of an earlier submission of this group, to show until fixed. */
  refusal: { detail: string; onDiscard: () => void } | null;
  onSubmit: (draft: Draft, timeSpentMs: number) => void;
  onSkip: (reason: string) => void;
  footer?: preact.ComponentChildren;
  /** Shown above the prompt (the qualification's banner and result). */
  banner?: preact.ComponentChildren;
  /** The next group is fetched and its images decoded (shown as data-next-ready, for tests). */
  nextReady?: boolean;
}

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit"].includes(target.type);
  return target.isContentEditable;
}

interface ScreenState {
  draft: Draft;
  focus: Focus;
  overlay: Overlay;
  notice: string | null;
  showProblems: boolean;
  /** The highlighted entry of the category list while it is open. */
  categoryActive: number;
  skipChoice: number | null;
  skipOther: string;
}

export function TaskScreen(props: TaskScreenProps) {
  const { project, task, drafts, refusal, footer, banner } = props;
  const images = task.group.images;
  const groupId = task.group.id;
  // The screen's state lives in a ref and is changed synchronously, so keys pressed faster than
  // the screen re-renders (an expert's burst of digits) each see the previous key's effect.
  const state = useRef<ScreenState | null>(null);
  if (state.current === null) {
    state.current = {
      draft: drafts.loadOrCreate(groupId),
      focus: { image: 0, row: 0 },
      overlay: null,
      notice: null,
      showProblems: false,
      categoryActive: 0,
      skipChoice: null,
      skipOther: "",
    };
  }
  const [, render] = useReducer((n: number) => n + 1, 0);
  const propsRef = useRef(props);
  propsRef.current = props;
  const activeTime = useActiveTime(state.current.draft.timeSpentMs);
  const cardRefs = useRef<(HTMLElement | null)[]>([]);

  const set = useCallback((patch: Partial<ScreenState> | ((s: ScreenState) => Partial<ScreenState>)) => {
    const current = state.current!;
    state.current = { ...current, ...(typeof patch === "function" ? patch(current) : patch) };
    render(0);
  }, []);

  const update = useCallback(
    (change: (j: Judgments) => Judgments) => {
      const current = state.current!.draft;
      const draft: Draft = { ...current, ...change(current), timeSpentMs: activeTime() };
      drafts.save(draft);
      set({ draft, notice: null });
    },
    [drafts, activeTime, set],
  );

  // Keep the time spent in the draft even when nothing changes (a reload keeps it too).
  useEffect(() => {
    const save = () => drafts.save({ ...state.current!.draft, timeSpentMs: activeTime() });
    const timer = setInterval(save, 5000);
    window.addEventListener("pagehide", save);
    return () => {
      clearInterval(timer);
      window.removeEventListener("pagehide", save);
    };
  }, [drafts, activeTime]);

  const { draft, focus, overlay, notice, showProblems } = state.current;

  // Keyboard focus follows the focused image (unless a menu or dialog holds it).
  // Read the latest state, not this render's: more keys may have moved the focus meanwhile, and
  // focusing a stale card would pull the focus back to it. A layout effect: the focus ring
  // moves in the same frame as the highlight.
  useLayoutEffect(() => {
    const { overlay, focus } = state.current!;
    if (overlay === null || overlay === "zoom") {
      const card = cardRefs.current[focus.image];
      if (card && !card.contains(document.activeElement)) card.focus({ preventScroll: false });
    }
  }, [focus.image, overlay]);

  const problems = useMemo(() => validate(project, images, draft), [project, images, draft]);
  const conflicts = useMemo(() => ratingConflicts(project, images, draft), [project, images, draft]);
  const focusedImage = images[focus.image];

  const setFocus = useCallback(
    (change: (f: Focus) => Focus) => {
      const current = state.current!.focus;
      const next = change(current);
      if (next.image !== current.image || next.row !== current.row) set({ focus: next });
    },
    [set],
  );
  const setOverlay = useCallback((change: Overlay | ((o: Overlay) => Overlay)) => set((s) => ({ overlay: typeof change === "function" ? change(s.overlay) : change })), [set]);

  const openCategories = useCallback(() => {
    const { project } = propsRef.current;
    set((s) => ({ overlay: "category", categoryActive: Math.max(0, project.prompt_categories.indexOf(s.draft.promptCategory)) }));
  }, [set]);

  const chooseCategory = useCallback(
    (category: string) => {
      update((j) => setCategory(j, category));
      set({ overlay: null });
    },
    [update, set],
  );

  const putInSlot = useCallback(
    (imageId: number, slot: number | undefined) => {
      const result = setSlot(propsRef.current.project, state.current!.draft, imageId, slot);
      if (result.ok) update(() => result.judgments);
      else set({ notice: result.message });
      return result.ok;
    },
    [update, set],
  );

  const submit = useCallback(() => {
    const { project, task } = propsRef.current;
    const current = state.current!.draft;
    if (validate(project, task.group.images, current).length > 0) {
      set({ showProblems: true, notice: null });
      return;
    }
    const spent = activeTime();
    propsRef.current.onSubmit({ ...current, timeSpentMs: spent }, spent);
  }, [activeTime, set]);

  /** One key's action, against the state as the previous key left it. */
  const run = useCallback(
    (action: KeyAction) => {
      const { project, task } = propsRef.current;
      const images = task.group.images;
      const { focus } = state.current!;
      const image = images[focus.image];
      const dims = project.rating_dimensions;
      switch (action.type) {
        case "image":
          setFocus((f) => moveImage(f, action.delta, images.length));
          return;
        case "row":
          setFocus((f) => moveRow(project, f, action.delta));
          return;
        case "value": {
          if (isRankRow(project, focus.row)) {
            if (putInSlot(image.id, action.value)) setFocus((f) => focusAfterValue(project, f, images.length));
            return;
          }
          const dim = dims[focus.row];
          if (action.value < dim.min || action.value > dim.max) {
            set({ notice: `${dim.label} goes from ${dim.min} to ${dim.max}.` });
            return;
          }
          update((j) => setRating(j, image.id, dim.key, action.value));
          setFocus((f) => focusAfterValue(project, f, images.length));
          return;
        }
        case "slot":
          if (putInSlot(image.id, action.slot)) setFocus((f) => ({ image: Math.min(f.image + 1, images.length - 1), row: f.row }));
          return;
        case "clear":
          if (isRankRow(project, focus.row)) putInSlot(image.id, undefined);
          else update((j) => setRating(j, image.id, dims[focus.row].key, undefined));
          return;
        case "flags":
          setOverlay((o) => (o === "flags" ? null : "flags"));
          return;
        case "promptFlags":
          setOverlay((o) => (o === "promptFlags" ? null : "promptFlags"));
          return;
        case "category":
          openCategories();
          return;
        case "zoom":
          setOverlay((o) => (o === "zoom" ? null : "zoom"));
          return;
        case "submit":
          submit();
          return;
        case "skip":
          set({ overlay: "skip", skipChoice: null, skipOther: "" });
          return;
        case "help":
          setOverlay((o) => (o === "help" ? null : "help"));
          return;
        case "close":
          set({ overlay: null, notice: null });
          return;
      }
    },
    [putInSlot, update, submit, set, setFocus, setOverlay, openCategories],
  );

  // One listener for the screen's life; it reads the state at the moment of the key. Added as a
  // layout effect (right after the first render, before any later key event) so that keys typed
  // the instant a new group appears are not lost.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const { overlay, focus } = state.current!;
      const { project, task } = propsRef.current;
      if (overlay === "category") {
        const categories = project.prompt_categories;
        const result = categoryKey(categories, state.current!.categoryActive, event.key);
        if (result === null) return;
        event.preventDefault();
        if ("active" in result) set({ categoryActive: result.active });
        else if ("choose" in result) chooseCategory(categories[result.choose]);
        else set({ overlay: null });
        return;
      }
      if (overlay === "skip") {
        const { skipChoice, skipOther } = state.current!;
        const typing = isTextEntry(event.target);
        if (event.key === "Escape") set({ overlay: null });
        else if (event.key === "Enter") {
          const reason = skipReason(skipChoice, skipOther);
          if (reason) {
            set({ overlay: null });
            propsRef.current.onSkip(reason);
          }
        } else if (!typing && /^[1-9]$/.test(event.key) && Number(event.key) <= SKIP_REASONS.length + 1) {
          set({ skipChoice: Number(event.key) - 1 });
        } else return;
        event.preventDefault();
        return;
      }
      if (isTextEntry(event.target)) {
        if (event.key === "Escape") (event.target as HTMLElement).blur();
        return;
      }
      const action = actionFor(event);
      if (!action) return;
      if (overlay === "help" && !["help", "close", "submit"].includes(action.type)) return;
      if (overlay === "flags" || overlay === "promptFlags") {
        const list = overlay === "flags" ? project.image_flags : project.prompt_flags;
        if (action.type === "value" && action.value <= list.length) {
          event.preventDefault();
          const flag = list[action.value - 1];
          const imageId = task.group.images[focus.image].id;
          if (overlay === "flags") update((j) => toggleImageFlag(j, imageId, flag));
          else update((j) => togglePromptFlag(j, flag));
          return;
        }
        if (action.type === "image") {
          event.preventDefault();
          setFocus((f) => moveImage(f, action.delta, task.group.images.length));
          return;
        }
        if (!["flags", "promptFlags", "close", "submit", "help"].includes(action.type)) return;
      }
      event.preventDefault();
      run(action);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [run, update, setFocus, set, chooseCategory]);

  // A contradiction shows on both images of the pair: either may be the one to move.
  const cardProblems = (imageId: number) =>
    (showProblems ? problems : conflicts).filter((p) => p.imageId === imageId || p.otherImageId === imageId);

  return (
    <main class="task-screen" data-group-id={groupId} data-next-ready={props.nextReady ? "true" : "false"} aria-label="Task">
      {banner}
      <PromptBar
        project={project}
        prompt={task.group.prompt.text}
        judgments={draft}
        onCategory={openCategories}
        onPromptFlags={() => setOverlay((o) => (o === "promptFlags" ? null : "promptFlags"))}
        onHelp={() => setOverlay((o) => (o === "help" ? null : "help"))}
        promptFlagsOpen={overlay === "promptFlags"}
        categoryInvalid={showProblems && problems.some((p) => p.field === "prompt_category")}
      >
        {overlay === "category" ? (
          <CategoryMenu
            categories={project.prompt_categories}
            value={draft.promptCategory}
            active={state.current.categoryActive}
            onChoose={chooseCategory}
            onClose={() => setOverlay(null)}
          />
        ) : null}
        {overlay === "promptFlags" ? (
          <FlagsMenu
            title="Prompt flags"
            flags={project.prompt_flags}
            checked={draft.promptFlags}
            onToggle={(flag) => update((j) => togglePromptFlag(j, flag))}
            onClose={() => setOverlay(null)}
          />
        ) : null}
      </PromptBar>

      <section class={`image-grid images-${images.length} ${images.length >= 6 ? "multi-row" : ""}`} aria-label="Images">
        {images.map((image, index) => (
          <ImageCard
            key={image.id}
            cardRef={(el: HTMLElement | null) => (cardRefs.current[index] = el)}
            project={project}
            image={image}
            index={index}
            judgments={draft}
            focused={focus.image === index}
            focusedRow={focus.image === index ? focus.row : -1}
            problems={cardProblems(image.id)}
            flagsOpen={overlay === "flags" && focus.image === index}
            onFocusRow={(row) => setFocus(() => ({ image: index, row }))}
            onFocusImage={() => setFocus((f) => (f.image === index ? f : { ...f, image: index }))}
            onRate={(key, value) => update((j) => setRating(j, image.id, key, value))}
            onSlot={(slot) => putInSlot(image.id, slot)}
            onToggleFlags={() => {
              setFocus((f) => ({ ...f, image: index }));
              setOverlay((o) => (o === "flags" && state.current!.focus.image === index ? null : "flags"));
            }}
            onZoom={() => {
              setFocus((f) => ({ ...f, image: index }));
              setOverlay("zoom");
            }}
          >
            {overlay === "flags" && focus.image === index ? (
              <FlagsMenu
                title={`Flags of image ${imageLetter(index)}`}
                flags={project.image_flags}
                checked={draft.flags[image.id] ?? []}
                onToggle={(flag) => update((j) => toggleImageFlag(j, image.id, flag))}
                onClose={() => setOverlay(null)}
              />
            ) : null}
          </ImageCard>
        ))}
      </section>

      <AnchorLegend project={project} row={focus.row} />

      <RankingBoard
        project={project}
        images={images}
        judgments={draft}
        focusedImage={focus.image}
        onDrop={(imageId, slot) => putInSlot(imageId, slot)}
        onFocusImage={(index) => setFocus((f) => ({ ...f, image: index }))}
      />

      <footer class="task-footer">
        <ProblemSummary problems={problems} conflicts={conflicts} expanded={showProblems} notice={notice} refusal={refusal} />
        <div class="task-actions">
          {footer}
          <button type="button" onClick={() => set({ overlay: "skip", skipChoice: null, skipOther: "" })} aria-keyshortcuts="S">
            Skip <kbd>S</kbd>
          </button>
          <button
            type="button"
            class={`primary submit ${problems.length ? "not-ready" : ""}`}
            onClick={submit}
            aria-keyshortcuts="Control+Enter"
            aria-describedby="task-problems"
            data-testid="submit"
          >
            Submit <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
          </button>
        </div>
      </footer>

      {overlay === "zoom" && focusedImage ? (
        <ZoomOverlay
          image={focusedImage}
          index={focus.image}
          count={images.length}
          project={project}
          judgments={draft}
          onClose={() => setOverlay(null)}
          onMove={(delta) => setFocus((f) => moveImage(f, delta, images.length))}
        />
      ) : null}
      {overlay === "help" ? <HelpPanel project={project} onClose={() => setOverlay(null)} /> : null}
      {overlay === "skip" ? (
        <SkipDialog
          choice={state.current.skipChoice}
          other={state.current.skipOther}
          onChoice={(choice) => set({ skipChoice: choice })}
          onOther={(text) => set({ skipOther: text })}
          onCancel={() => setOverlay(null)}
          onSkip={(reason) => {
            setOverlay(null);
            props.onSkip(reason);
          }}
        />
      ) : null}
    </main>
  );
}

function ProblemSummary({
  problems,
  conflicts,
  expanded,
  notice,
  refusal,
}: {
  problems: Problem[];
  conflicts: Problem[];
  expanded: boolean;
  notice: string | null;
  refusal: TaskScreenProps["refusal"];
}) {
  const todo = problems.length;
  return (
    <div class="problems" id="task-problems">
      {refusal ? (
        <div class="server-refusal" role="alert" data-testid="server-refusal">
          <strong>The server refused this submission:</strong> {refusal.detail}{" "}
          <button type="button" class="link" onClick={refusal.onDiscard}>
            Give this group up
          </button>
        </div>
      ) : null}
      {notice ? (
        <p class="notice" role="alert" data-testid="notice">
          {notice}
        </p>
      ) : null}
      {expanded && todo > 0 ? (
        <div class="problem-list" role="alert" data-testid="problems">
          <strong>Not ready to submit:</strong>
          <ul>
            {problems.slice(0, 6).map((p) => (
              <li key={p.message} data-rule={p.rule}>
                {p.message}
              </li>
            ))}
            {problems.length > 6 ? <li>… and {problems.length - 6} more</li> : null}
          </ul>
        </div>
      ) : conflicts.length > 0 ? (
        <p class="conflicts" role="status" data-testid="conflicts">
          {conflicts[0].message}
          {conflicts.length > 1 ? ` (+${conflicts.length - 1} more)` : ""}
        </p>
      ) : (
        <p class="todo" role="status">
          {todo === 0 ? "Ready to submit." : `${todo} thing${todo === 1 ? "" : "s"} left: ${problems[0].message}.`}
        </p>
      )}
    </div>
  );
}
