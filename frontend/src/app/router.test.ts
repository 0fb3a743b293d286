import { describe, expect, it } from "vitest";
import { buildPath, matchPath } from "./router";

describe("routes", () => {
  it("matches a pattern and reads its params", () => {
    expect(matchPath("/projects/:projectId/annotate", "/projects/12/annotate")).toEqual({ projectId: "12" });
    expect(matchPath("/projects/:projectId/annotate", "/projects/12")).toBeNull();
    expect(matchPath("/", "/")).toEqual({});
  });

  it("builds a path from a pattern", () => {
    expect(buildPath("/projects/:projectId/annotate", { projectId: 7 })).toBe("/projects/7/annotate");
  });
});
