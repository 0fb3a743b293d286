import { describe, expect, it } from "vitest";
import { defaultReflForm, reflPollDelay, reflRequest } from "./refl";

describe("reflRequest", () => {
  it("sends only the options filled in, as numbers", () => {
    const form = { ...defaultReflForm(), bundle: "3", pipeline: "sd-v1-4", steps: "200", pretrain_weight: "0", lr: " " };
    expect(reflRequest(form)).toEqual({ bundle: 3, pipeline: "sd-v1-4", options: { steps: 200, pretrain_weight: 0 } });
  });
  it("passes what is not a number as typed, for the server to name", () => {
    expect(reflRequest({ ...defaultReflForm(), bundle: "1", lora_rank: "four" }).options).toEqual({ lora_rank: "four" });
  });
});

describe("reflPollDelay", () => {
  it("reads often while a run moves and rarely otherwise", () => {
    expect(reflPollDelay(["succeeded", "running"])).toBe(2000);
    expect(reflPollDelay(["queued"])).toBe(4000);
    expect(reflPollDelay(["failed"])).toBe(30000);
  });
});
