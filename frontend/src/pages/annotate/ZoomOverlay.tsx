/** One image at full resolution (1:1 pixels, scrollable), or fitted to the window. */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ProjectDetail, TaskImage } from "../../api/types";
import { imageLetter, type Judgments } from "./rules";

export function ZoomOverlay({
  image,
  index,
  count,
  project,
  judgments,
  onClose,
  onMove,
}: {
  image: TaskImage;
  index: number;
  count: number;
  project: ProjectDetail;
  judgments: Judgments;
  onClose: () => void;
  onMove: (delta: -1 | 1) => void;
}) {
  // 1:1 pixels when the image is larger than the window (scroll to look around); otherwise
  // enlarged to the window, since a small image at 1:1 shows less than the card does.
  const [fit, setFit] = useState(() => image.width <= window.innerWidth && image.height <= window.innerHeight - 60);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const ratings = judgments.ratings[image.id] ?? {};
  return (
    <div class="zoom-overlay" role="dialog" aria-modal="true" aria-label={`Image ${imageLetter(index)} at full resolution`} data-testid="zoom">
      <div class="zoom-bar">
        <button type="button" onClick={() => onMove(-1)} aria-label="Previous image">
          ←
        </button>
        <strong>
          Image {imageLetter(index)} of {count}
        </strong>
        <span>
          {image.width}×{image.height}px
        </span>
        <span class="zoom-ratings">
          {project.rating_dimensions.map((d) => `${d.label}: ${ratings[d.key] ?? "–"}`).join(" · ")}
          {judgments.slots[image.id] ? ` · Rank ${judgments.slots[image.id]}` : ""}
        </span>
        <button type="button" onClick={() => setFit((f) => !f)}>
          {fit ? "Actual size" : "Fit to window"}
        </button>
        <button type="button" onClick={() => onMove(1)} aria-label="Next image">
          →
        </button>
        <button type="button" onClick={onClose} aria-label="Close zoom (Esc)">
          Close <kbd>Esc</kbd>
        </button>
      </div>
      <div class={`zoom-body ${fit ? "fit" : ""}`} ref={ref} tabIndex={-1} onClick={() => setFit((f) => !f)}>
        <img src={image.url} width={image.width} height={image.height} alt={`Image ${imageLetter(index)}, full resolution`} />
      </div>
    </div>
  );
}
