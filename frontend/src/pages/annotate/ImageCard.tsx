/** One image of the group: the picture (drag it to a rank slot, zoom it), its rating scales,
 * its rank slot and its flags. */
import type { ComponentChildren } from "preact";
import type { ProjectDetail, RatingDimension, TaskImage } from "../../api/types";
import { imageLetter, slotCounts, type Judgments, type Problem } from "./rules";

export const DRAG_TYPE = "application/x-imagepref-image";

export interface ImageCardProps {
  project: ProjectDetail;
  image: TaskImage;
  index: number;
  judgments: Judgments;
  focused: boolean;
  /** The focused row of this image (-1 when another image has the focus). */
  focusedRow: number;
  problems: Problem[];
  flagsOpen: boolean;
  cardRef: (el: HTMLElement | null) => void;
  onFocusRow: (row: number) => void;
  onFocusImage: () => void;
  onRate: (key: string, value: number) => void;
  onSlot: (slot: number) => void;
  onToggleFlags: () => void;
  onZoom: () => void;
  children?: ComponentChildren;
}

export function anchorFor(dimension: RatingDimension, value: number): string | undefined {
  return dimension.anchors?.[String(value)];
}

export function ImageCard(props: ImageCardProps) {
  const { project, image, index, judgments, focused, focusedRow, problems } = props;
  const letter = imageLetter(index);
  const ratings = judgments.ratings[image.id] ?? {};
  const slot = judgments.slots[image.id];
  const flags = judgments.flags[image.id] ?? [];
  const counts = slotCounts(judgments.slots);
  const rankRow = project.rating_dimensions.length;
  const slots = Array.from({ length: project.ranking_slots }, (_, i) => i + 1);
  const summary = [
    ...project.rating_dimensions.map((d) => `${d.label} ${ratings[d.key] ?? "not rated"}`),
    slot ? `rank slot ${slot}` : "not ranked",
  ].join(", ");

  return (
    <article
      class={`image-card ${focused ? "focused" : ""} ${problems.length ? "has-problems" : ""}`}
      ref={props.cardRef}
      tabIndex={0}
      aria-label={`Image ${letter}: ${summary}`}
      data-image-id={image.id}
      data-letter={letter}
      onFocusIn={props.onFocusImage}
      onClick={props.onFocusImage}
    >
      <header class="card-head">
        <span class="letter" aria-hidden="true">
          {letter}
        </span>
        <span class={`slot-badge ${slot ? "" : "empty"}`} data-testid="slot-badge">
          {slot ? `Rank ${slot}` : "Unranked"}
        </span>
        <button type="button" class="icon" onClick={props.onZoom} aria-label={`Zoom image ${letter} to full resolution`} title="Zoom (Z)">
          ⤢
        </button>
      </header>
      <div class="image-box" onDblClick={props.onZoom}>
        <img
          src={image.url}
          width={image.width}
          height={image.height}
          alt={`Image ${letter}`}
          draggable
          decoding="async"
          onDragStart={(event) => {
            event.dataTransfer?.setData(DRAG_TYPE, String(image.id));
            event.dataTransfer?.setData("text/plain", letter);
            if (event.dataTransfer) event.dataTransfer.effectAllowed = "move";
          }}
        />
      </div>
      <div class="rows">
        {project.rating_dimensions.map((dimension, row) => (
          <ScaleRow
            key={dimension.key}
            label={shortLabel(dimension)}
            groupLabel={`${dimension.label} of image ${letter}`}
            values={range(dimension.min, dimension.max)}
            value={ratings[dimension.key]}
            focused={focusedRow === row}
            hint={(v) => anchorFor(dimension, v)}
            onFocus={() => props.onFocusRow(row)}
            onChoose={(v) => {
              props.onFocusRow(row);
              props.onRate(dimension.key, v);
            }}
            testId={`rate-${dimension.key}`}
          />
        ))}
        <ScaleRow
          label="Rank"
          groupLabel={`Rank slot of image ${letter} (1 = best)`}
          values={slots}
          value={slot}
          focused={focusedRow === rankRow}
          hint={(v) => (v === 1 ? "best" : v === project.ranking_slots ? "worst" : undefined)}
          full={(v) => v !== slot && (counts.get(v) ?? 0) >= project.max_images_per_slot}
          onFocus={() => props.onFocusRow(rankRow)}
          onChoose={(v) => {
            props.onFocusRow(rankRow);
            props.onSlot(v);
          }}
          testId="rank"
        />
      </div>
      <div class="card-flags">
        <button type="button" class="flags-button" aria-expanded={props.flagsOpen} onClick={props.onToggleFlags} title="Image flags (F)">
          Flags{flags.length ? ` (${flags.length})` : ""} <kbd>F</kbd>
        </button>
        {flags.map((flag) => (
          <span class="chip" key={flag}>
            {flag}
          </span>
        ))}
        {props.children}
      </div>
      {problems.length ? (
        <ul class="card-problems">
          {problems.map((p) => (
            <li key={p.message}>{p.message}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

/** A label that fits the row: long ones ("Image-text alignment") give way to the key. */
export function shortLabel(dimension: Pick<RatingDimension, "key" | "label">): string {
  if (dimension.label.length <= 11) return dimension.label;
  const key = dimension.key.replace(/[_-]+/g, " ");
  return key.length <= 11 ? key.charAt(0).toUpperCase() + key.slice(1) : dimension.label;
}

function range(min: number, max: number): number[] {
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

interface ScaleRowProps {
  label: string;
  groupLabel: string;
  values: number[];
  value: number | undefined;
  focused: boolean;
  hint: (value: number) => string | undefined;
  full?: (value: number) => boolean;
  onFocus: () => void;
  onChoose: (value: number) => void;
  testId: string;
}

/** A row of buttons as one radio group with a single tab stop. */
function ScaleRow({ label, groupLabel, values, value, focused, hint, full, onFocus, onChoose, testId }: ScaleRowProps) {
  const tabStop = value ?? values[0];
  return (
    <div class={`scale-row ${focused ? "row-focused" : ""}`} data-testid={testId}>
      <span class="scale-label" aria-hidden="true" title={groupLabel}>
        {label}
      </span>
      <div role="radiogroup" aria-label={groupLabel} class="scale">
        {values.map((v) => {
          const text = hint(v);
          const isFull = full?.(v) ?? false;
          return (
            <button
              key={v}
              type="button"
              role="radio"
              aria-checked={value === v}
              aria-label={text ? `${v}: ${text}` : String(v)}
              title={isFull ? `${v}: this slot is full` : text ? `${v}: ${text}` : undefined}
              class={`${value === v ? "chosen" : ""} ${isFull ? "full" : ""}`}
              tabIndex={v === tabStop ? 0 : -1}
              onFocus={onFocus}
              onClick={(event) => {
                event.stopPropagation();
                onChoose(v);
              }}
            >
              {v}
            </button>
          );
        })}
      </div>
    </div>
  );
}
