/** Shared test data: the default ImageReward project of annotation/defaults.py, and groups. */
import type { ProjectDetail, TaskImage } from "../api/types";

export function project(overrides: Partial<ProjectDetail> = {}): ProjectDetail {
  return {
    id: 1,
    name: "Demo",
    slug: "demo",
    instructions: "Rate, then rank.",
    rating_dimensions: [
      { key: "overall", label: "Overall", min: 1, max: 7, anchors: { "1": "Very poor", "4": "Acceptable", "7": "Excellent" } },
      { key: "alignment", label: "Image-text alignment", min: 1, max: 7, anchors: {} },
      { key: "fidelity", label: "Fidelity", min: 1, max: 7, anchors: {} },
    ],
    image_flags: ["repeated generation", "body problems", "too blurred"],
    prompt_flags: ["intent unclear", "violent content"],
    prompt_categories: ["Abstract", "Animals", "Artifacts"],
    ranking_slots: 5,
    max_images_per_slot: 2,
    annotations_per_group: 1,
    lease_seconds: 1800,
    require_consistent_ranking: true,
    gold_rate: 0,
    gold_window: 20,
    gold_accuracy_bar: null,
    agreement_bar: null,
    review_sample_rate: 0,
    review_reasons: ["ranking contradicts the images", "other"],
    require_qualification: false,
    qualification_size: 5,
    qualification_pass_mark: 0.7,
    roles: ["annotator"],
    ...overrides,
  };
}

export function images(n = 4, firstId = 101): TaskImage[] {
  return Array.from({ length: n }, (_, i) => ({ id: firstId + i, url: `/media/${firstId + i}.png`, width: 512, height: 512, position: i }));
}

/** In-memory Storage for drafts and the outbox. */
export class MemoryStorage implements Storage {
  private data = new Map<string, string>();
  get length() {
    return this.data.size;
  }
  clear() {
    this.data.clear();
  }
  getItem(key: string) {
    return this.data.has(key) ? this.data.get(key)! : null;
  }
  key(index: number) {
    return [...this.data.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
  setItem(key: string, value: string) {
    this.data.set(key, String(value));
  }
}
