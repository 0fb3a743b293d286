import { describe, expect, it } from "vitest";
import { images, project } from "../../test/fixtures";
import { buildSubmission, emptyJudgments, ratingConflicts, validate, type Judgments } from "./rules";

const imgs = images(4);

/** Everything filled in: overall 7,5,5,2 in slots 1,2,2,3; other scales 4. */
function complete(): Judgments {
  const overall = [7, 5, 5, 2];
  const slots = [1, 2, 2, 3];
  const j = emptyJudgments();
  j.promptCategory = "Animals";
  imgs.forEach((image, i) => {
    j.ratings[image.id] = { overall: overall[i], alignment: 4, fidelity: 4 };
    j.slots[image.id] = slots[i];
  });
  return j;
}

const rules = (j: Judgments, p = project()) => validate(p, imgs, j).map((problem) => problem.rule);

describe("validate (the server's submission rules)", () => {
  it("accepts a group that is fully rated, ranked and categorised", () => {
    expect(validate(project(), imgs, complete())).toEqual([]);
  });

  it("requires a prompt category when the project has categories", () => {
    const j = complete();
    j.promptCategory = "";
    expect(validate(project(), imgs, j)).toMatchObject([{ field: "prompt_category", rule: "required" }]);
  });

  it("refuses a prompt category the project does not have", () => {
    const j = complete();
    j.promptCategory = "Vehicles";
    expect(rules(j)).toEqual(["choice"]);
  });

  it("refuses any category when the project has none", () => {
    expect(rules(complete(), project({ prompt_categories: [] }))).toEqual(["choice"]);
  });

  it("requires every image to be rated on every scale", () => {
    const j = complete();
    delete j.ratings[imgs[2].id].fidelity;
    expect(validate(project(), imgs, j)).toMatchObject([{ field: "images[2].ratings.fidelity", rule: "required", imageId: imgs[2].id }]);
  });

  it("refuses a rating outside the scale", () => {
    const j = complete();
    j.ratings[imgs[0].id].alignment = 8;
    expect(validate(project(), imgs, j)).toMatchObject([{ field: "images[0].ratings.alignment", rule: "rating_range" }]);
  });

  it("requires every image to be ranked", () => {
    const j = complete();
    delete j.slots[imgs[3].id];
    expect(validate(project(), imgs, j)).toMatchObject([{ field: "images[3].slot", rule: "required" }]);
  });

  it("refuses a slot outside 1..ranking_slots", () => {
    const j = complete();
    j.slots[imgs[3].id] = 6;
    expect(validate(project(), imgs, j)).toMatchObject([{ field: "images[3].slot", rule: "slot_range" }]);
  });

  it("refuses more images in one slot than max_images_per_slot, naming the last of them", () => {
    const j = complete();
    j.ratings[imgs[0].id].overall = 5;
    j.slots[imgs[0].id] = 2;
    expect(validate(project(), imgs, j)).toMatchObject([{ field: "images[2].slot", rule: "slot_capacity" }]);
  });

  it("refuses a ranking that contradicts the overall ratings", () => {
    const j = complete();
    j.slots[imgs[0].id] = 4; // rated 7, ranked below B, C (5, slot 2) and D (2, slot 3)
    const problems = validate(project(), imgs, j);
    expect(problems.map((p) => `${p.field}:${p.rule}`)).toEqual(Array(3).fill("images[0].slot:ranking_contradicts_ratings"));
    expect(problems[2].message).toBe("Image A is rated 7 (overall) but ranked in slot 4, below image D rated 2 in slot 3");
  });

  it("lets images with different ratings share a slot (a tie is no contradiction)", () => {
    const j = complete();
    j.slots[imgs[2].id] = 3; // C rated 5 now shares slot 3 with D rated 2
    expect(validate(project(), imgs, j)).toEqual([]);
  });

  it("lets a lower-rated image be ranked higher when the project does not require consistency", () => {
    const j = complete();
    j.slots[imgs[0].id] = 4;
    expect(validate(project({ require_consistent_ranking: false }), imgs, j)).toEqual([]);
  });

  it("checks the ranking against ratings only when nothing else is wrong, like the server", () => {
    const j = complete();
    j.slots[imgs[0].id] = 4;
    j.promptCategory = "";
    expect(rules(j)).toEqual(["required"]);
  });

  it("compares against the first scale when the project has no 'overall'", () => {
    const p = project({ rating_dimensions: [{ key: "quality", label: "Quality", min: 1, max: 5, anchors: {} }] });
    const j = emptyJudgments();
    j.promptCategory = "Abstract";
    imgs.forEach((image, i) => {
      j.ratings[image.id] = { quality: 5 - i };
      j.slots[image.id] = 4 - i; // reversed
    });
    expect(validate(p, imgs, j).every((problem) => problem.rule === "ranking_contradicts_ratings")).toBe(true);
    expect(validate(p, imgs, j)).toHaveLength(6);
  });

  it("refuses flags the project does not have, and a flag listed twice", () => {
    const j = complete();
    j.flags[imgs[1].id] = ["too blurred", "too blurred", "scary"];
    j.promptFlags = ["nonsense"];
    expect(validate(project(), imgs, j).map((p) => `${p.field}:${p.rule}`)).toEqual([
      "prompt_flags[0]:choice",
      "images[1].flags[1]:unique",
      "images[1].flags[2]:choice",
    ]);
  });
});

describe("ratingConflicts (shown as the annotator ranks)", () => {
  it("reports a contradiction as soon as both images have a rating and a slot", () => {
    const j = emptyJudgments();
    j.ratings[imgs[0].id] = { overall: 6 };
    j.ratings[imgs[1].id] = { overall: 3 };
    j.slots[imgs[0].id] = 3;
    j.slots[imgs[1].id] = 1;
    expect(ratingConflicts(project(), imgs, j)).toMatchObject([{ imageId: imgs[0].id, rule: "ranking_contradicts_ratings" }]);
  });

  it("ignores images not yet rated or ranked", () => {
    const j = emptyJudgments();
    j.ratings[imgs[0].id] = { overall: 6 };
    j.slots[imgs[0].id] = 5;
    j.slots[imgs[1].id] = 1;
    expect(ratingConflicts(project(), imgs, j)).toEqual([]);
  });
});

describe("buildSubmission", () => {
  it("sends images in group order with their ratings, flags and slots, and the time spent", () => {
    const j = complete();
    j.flags[imgs[1].id] = ["too blurred"];
    j.promptFlags = ["intent unclear"];
    const body = buildSubmission(project(), imgs, j, { clientKey: "k-1", timeSpentMs: 12345.6 });
    expect(body).toEqual({
      client_key: "k-1",
      prompt_category: "Animals",
      prompt_flags: ["intent unclear"],
      time_spent_ms: 12346,
      images: [
        { image_id: 101, ratings: { overall: 7, alignment: 4, fidelity: 4 }, flags: [], slot: 1 },
        { image_id: 102, ratings: { overall: 5, alignment: 4, fidelity: 4 }, flags: ["too blurred"], slot: 2 },
        { image_id: 103, ratings: { overall: 5, alignment: 4, fidelity: 4 }, flags: [], slot: 2 },
        { image_id: 104, ratings: { overall: 2, alignment: 4, fidelity: 4 }, flags: [], slot: 3 },
      ],
    });
  });
});
