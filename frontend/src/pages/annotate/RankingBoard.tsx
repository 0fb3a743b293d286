/** The ranking as slots, best to worst, with the images in them: drag an image (here or from
 * its card) into a slot, or back to "Not ranked". */
import { useState } from "preact/hooks";
import type { ProjectDetail, TaskImage } from "../../api/types";
import { DRAG_TYPE } from "./ImageCard";
import { imageLetter, ratingConflicts, overallKey, type Judgments } from "./rules";

export function RankingBoard({
  project,
  images,
  judgments,
  focusedImage,
  onDrop,
  onFocusImage,
}: {
  project: ProjectDetail;
  images: TaskImage[];
  judgments: Judgments;
  focusedImage: number;
  onDrop: (imageId: number, slot: number | undefined) => void;
  onFocusImage: (index: number) => void;
}) {
  const [over, setOver] = useState<number | null>(null);
  const conflicted = new Set(ratingConflicts(project, images, judgments).flatMap((p) => [p.imageId, p.otherImageId]));
  const key = overallKey(project);
  const columns: { slot: number | undefined; label: string }[] = [
    { slot: undefined, label: "Not ranked" },
    ...Array.from({ length: project.ranking_slots }, (_, i) => ({
      slot: i + 1,
      label: i === 0 ? "1 · best" : i === project.ranking_slots - 1 ? `${i + 1} · worst` : String(i + 1),
    })),
  ];

  return (
    <section class="ranking-board" aria-label="Ranking" style={{ "--slots": project.ranking_slots }}>
      {columns.map(({ slot, label }) => {
        const members = images.map((image, index) => ({ image, index })).filter(({ image }) => judgments.slots[image.id] === slot);
        const full = slot !== undefined && members.length >= project.max_images_per_slot;
        const id = slot ?? 0;
        return (
          <div
            key={id}
            class={`slot ${slot === undefined ? "unranked" : ""} ${full ? "full" : ""} ${over === id ? "drag-over" : ""}`}
            data-slot={slot ?? "none"}
            data-testid={slot === undefined ? "slot-none" : `slot-${slot}`}
            aria-label={slot === undefined ? `Not ranked: ${members.length} images` : `Slot ${label}: ${members.length} of ${project.max_images_per_slot}`}
            role="group"
            onDragOver={(event) => {
              if (!event.dataTransfer?.types.includes(DRAG_TYPE)) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = "move";
              setOver(id);
            }}
            onDragLeave={() => setOver((o) => (o === id ? null : o))}
            onDrop={(event) => {
              event.preventDefault();
              setOver(null);
              const imageId = Number(event.dataTransfer?.getData(DRAG_TYPE));
              if (imageId) onDrop(imageId, slot);
            }}
          >
            <div class="slot-label">
              {label}
              {slot !== undefined ? <span class="slot-count">{members.length}/{project.max_images_per_slot}</span> : null}
            </div>
            <div class="slot-items">
              {members.map(({ image, index }) => (
                <button
                  type="button"
                  key={image.id}
                  class={`thumb ${index === focusedImage ? "focused" : ""} ${conflicted.has(image.id) ? "conflict" : ""}`}
                  draggable
                  data-image-id={image.id}
                  aria-label={`Image ${imageLetter(index)}${judgments.ratings[image.id]?.[key] ? `, ${key} ${judgments.ratings[image.id][key]}` : ""}`}
                  onClick={() => onFocusImage(index)}
                  onDragStart={(event) => {
                    event.dataTransfer?.setData(DRAG_TYPE, String(image.id));
                    if (event.dataTransfer) event.dataTransfer.effectAllowed = "move";
                  }}
                >
                  <img src={image.url} alt="" draggable={false} />
                  <span class="thumb-letter">{imageLetter(index)}</span>
                  {judgments.ratings[image.id]?.[key] ? <span class="thumb-rating">{judgments.ratings[image.id][key]}</span> : null}
                </button>
              ))}
            </div>
          </div>
        );
      })}
    </section>
  );
}
