import { describe, expect, it } from "vitest";
import { axesLayout, barLabels, fitText, heatmapLayout, place, textWidth, type Rect } from "./chartLayout";

const overlaps = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const inside = (r: Rect, width: number, height: number) => r.left >= 0 && r.top >= 0 && r.right <= width && r.bottom <= height;

describe("axesLayout", () => {
  const chart = {
    width: 420,
    height: 240,
    yTicks: ["60%", "80%", "100%"],
    xTicks: ["0", "10", "20", "30", "40"],
    yTitle: "agrees with majority",
    xTitle: "median s per group",
  };

  /** The boxes the texts take: tick labels, and each title (the y one rotated a quarter turn). */
  function boxes(layout: ReturnType<typeof axesLayout>) {
    const fs = layout.fontSize;
    const yTicks = chart.yTicks.map((t, i) => {
      const y = layout.plot.bottom - (i / (chart.yTicks.length - 1)) * (layout.plot.bottom - layout.plot.top);
      return { left: layout.yTickX - textWidth(t), right: layout.yTickX, top: y - fs / 2, bottom: y + fs / 2 };
    });
    const xTicks = chart.xTicks.map((t, i) => {
      const x = layout.plot.left + (i / (chart.xTicks.length - 1)) * (layout.plot.right - layout.plot.left);
      return { left: x - textWidth(t) / 2, right: x + textWidth(t) / 2, top: layout.xTickY - fs, bottom: layout.xTickY + fs * 0.25 };
    });
    const yLength = textWidth(layout.yTitle.text);
    const yTitle = {
      left: layout.yTitle.x - fs,
      right: layout.yTitle.x + fs * 0.25,
      top: layout.yTitle.y - yLength / 2,
      bottom: layout.yTitle.y + yLength / 2,
    };
    const xLength = textWidth(layout.xTitle.text);
    const xTitle = { left: layout.xTitle.x - xLength / 2, right: layout.xTitle.x + xLength / 2, top: layout.xTitle.y - fs, bottom: layout.xTitle.y + fs * 0.25 };
    return { yTicks, xTicks, yTitle, xTitle };
  }

  it("keeps the y title clear of the y tick labels and the x title clear of the x ones", () => {
    const layout = axesLayout(chart);
    const b = boxes(layout);
    for (const tick of b.yTicks) expect(overlaps(b.yTitle, tick)).toBe(false);
    for (const tick of b.xTicks) expect(overlaps(b.xTitle, tick)).toBe(false);
    expect(overlaps(b.yTitle, b.xTitle)).toBe(false);
  });

  it("puts every label inside the chart, the top tick and the last x tick included", () => {
    const layout = axesLayout(chart);
    const b = boxes(layout);
    for (const box of [...b.yTicks, ...b.xTicks, b.yTitle, b.xTitle]) expect(inside(box, chart.width, chart.height)).toBe(true);
  });

  it("makes room on the left for longer tick labels", () => {
    const short = axesLayout(chart);
    const long = axesLayout({ ...chart, yTicks: ["0.000001", "0.000002"] });
    expect(long.plot.left - short.plot.left).toBe(textWidth("0.000001") - textWidth("100%"));
    for (const tick of boxes(long).yTicks) expect(tick.left).toBeGreaterThan(boxes(long).yTitle.right);
  });

  it("cuts a title longer than its axis with an ellipsis", () => {
    const layout = axesLayout({ ...chart, height: 120, yTitle: "share of image pairs ranked the same way as the majority" });
    expect(layout.yTitle.truncated).toBe(true);
    expect(layout.yTitle.text.endsWith("…")).toBe(true);
    expect(textWidth(layout.yTitle.text)).toBeLessThanOrEqual(layout.plot.bottom - layout.plot.top);
  });

  it("places values across and up the plot", () => {
    const layout = axesLayout(chart);
    const range = { min: 0, max: 1 };
    expect(place({ x: 0, y: 0 }, layout.plot, range, range)).toEqual({ x: layout.plot.left, y: layout.plot.bottom });
    expect(place({ x: 1, y: 1 }, layout.plot, range, range)).toEqual({ x: layout.plot.right, y: layout.plot.top });
  });
});

describe("heatmapLayout", () => {
  /** Where each slanted column name ends up: from the bottom of its column, up and to the right. */
  function columnEnds(layout: ReturnType<typeof heatmapLayout>) {
    const rad = (layout.angle * Math.PI) / 180;
    return layout.labels.map((label, i) => {
      const x = layout.left + (i + 0.5) * layout.cell;
      const w = textWidth(label.text);
      return { right: x + w * Math.cos(rad), top: layout.top - 4 - w * Math.sin(rad) - layout.fontSize * Math.cos(rad) };
    });
  }

  it("keeps the last column's name inside the box", () => {
    const layout = heatmapLayout(["annotator", "annotator2", "annotator3", "annotator4"]);
    for (const end of columnEnds(layout)) {
      expect(end.right).toBeLessThanOrEqual(layout.width);
      expect(end.top).toBeGreaterThanOrEqual(0);
    }
  });

  it("leaves room on the left for the longest row name", () => {
    const layout = heatmapLayout(["ann", "annotator-1234"]);
    expect(layout.left).toBeGreaterThanOrEqual(textWidth("annotator-1234") + 4);
  });

  it("cuts very long names with an ellipsis, keeping the full name for the title", () => {
    const layout = heatmapLayout(["ann", "annotator-with-a-very-long-account-name@example.org"]);
    expect(layout.labels[0]).toEqual({ text: "ann", truncated: false });
    expect(layout.labels[1].truncated).toBe(true);
    expect(textWidth(layout.labels[1].text)).toBeLessThanOrEqual(110);
  });

  it("fits many annotators by shrinking the cells to a floor, and few by capping them", () => {
    const many = heatmapLayout(Array.from({ length: 40 }, (_, i) => `a${i}`));
    const few = heatmapLayout(["a", "b"]);
    expect(many.cell).toBe(14);
    expect(few.cell).toBe(36);
    expect(few.width).toBeLessThan(460);
  });
});

describe("fitText and barLabels", () => {
  it("leaves short text alone and cuts long text to the width", () => {
    expect(fitText("ann", 100)).toEqual({ text: "ann", truncated: false });
    const cut = fitText("x".repeat(100), 60);
    expect(cut.truncated).toBe(true);
    expect(textWidth(cut.text)).toBeLessThanOrEqual(60);
  });

  it("gives the bars' labels the room of the longest", () => {
    const { left, labels } = barLabels(["ann", "annotator4"]);
    expect(left).toBe(textWidth("annotator4") + 8);
    expect(labels.map((l) => l.text)).toEqual(["ann", "annotator4"]);
  });
});
