// Small drawing helpers for the widgets' canvases: axes, lines and points in
// data coordinates, drawn on white like the book's figures.

export const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"];

/** A canvas with a data window [x0, x1] × [y0, y1] inside a margin. */
export class Plot {
  constructor(canvas, [x0, x1], [y0, y1], margin = { left: 50, right: 15, top: 15, bottom: 35 }) {
    Object.assign(this, { canvas, x0, x1, y0, y1, margin });
    this.g = canvas.getContext("2d");
  }
  get w() { return this.canvas.width - this.margin.left - this.margin.right; }
  get h() { return this.canvas.height - this.margin.top - this.margin.bottom; }
  px(x) { return this.margin.left + ((x - this.x0) / (this.x1 - this.x0)) * this.w; }
  py(y) { return this.margin.top + (1 - (y - this.y0) / (this.y1 - this.y0)) * this.h; }
  /** The data point under a pointer event. */
  at(event) {
    const r = this.canvas.getBoundingClientRect();
    const cx = ((event.clientX - r.left) / r.width) * this.canvas.width;
    const cy = ((event.clientY - r.top) / r.height) * this.canvas.height;
    const x = this.x0 + ((cx - this.margin.left) / this.w) * (this.x1 - this.x0);
    const y = this.y0 + (1 - (cy - this.margin.top) / this.h) * (this.y1 - this.y0);
    return [x, y];
  }
  clear() {
    const g = this.g;
    g.fillStyle = "#fff";
    g.fillRect(0, 0, this.canvas.width, this.canvas.height);
  }
  axes(xTicks, yTicks, xLabel, yLabel, format = (v) => String(v)) {
    const g = this.g;
    g.strokeStyle = "#000";
    g.lineWidth = 1;
    g.strokeRect(this.margin.left, this.margin.top, this.w, this.h);
    g.fillStyle = "#000";
    g.font = "12px sans-serif";
    g.textAlign = "center";
    g.textBaseline = "top";
    for (const x of xTicks) g.fillText(format(x), this.px(x), this.margin.top + this.h + 4);
    g.textAlign = "right";
    g.textBaseline = "middle";
    for (const y of yTicks) g.fillText(format(y), this.margin.left - 4, this.py(y));
    g.textAlign = "center";
    g.textBaseline = "bottom";
    g.fillText(xLabel, this.margin.left + this.w / 2, this.canvas.height - 2);
    g.save();
    g.translate(Math.max(10, this.margin.left - 38), this.margin.top + this.h / 2);
    g.rotate(-Math.PI / 2);
    g.textBaseline = "middle";
    g.fillText(yLabel, 0, 0);
    g.restore();
  }
  /** Draws a polyline, clipped to the data window. */
  line(points, color, width = 2, dash = []) {
    const g = this.g;
    g.save();
    g.beginPath();
    g.rect(this.margin.left, this.margin.top, this.w, this.h);
    g.clip();
    g.strokeStyle = color;
    g.lineWidth = width;
    g.setLineDash(dash);
    g.beginPath();
    let pen = false;
    for (const [x, y] of points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) { pen = false; continue; }
      const [cx, cy] = [this.px(x), this.py(y)];
      // Far outside the window, canvases lose precision: cut the line there.
      if (Math.abs(cx) > 1e6 || Math.abs(cy) > 1e6) { pen = false; continue; }
      if (pen) g.lineTo(cx, cy); else g.moveTo(cx, cy);
      pen = true;
    }
    g.stroke();
    g.restore();
  }
  dot(x, y, color, r = 4) {
    if (x < this.x0 || x > this.x1 || y < this.y0 || y > this.y1) return;
    const g = this.g;
    g.fillStyle = color;
    g.beginPath();
    g.arc(this.px(x), this.py(y), r, 0, 2 * Math.PI);
    g.fill();
  }
  /** A legend in the upper left corner (or the lower right one, `corner` "lower"). */
  legend(entries, corner = "upper") {
    const g = this.g;
    g.font = "12px sans-serif";
    g.textAlign = "left";
    g.textBaseline = "middle";
    entries.forEach(([text, color, dash], i) => {
      const lower = corner === "lower";
      const y = lower ? this.margin.top + this.h - 12 - 16 * (entries.length - 1 - i) : this.margin.top + 12 + 16 * i;
      const x = lower ? this.margin.left + this.w - 190 : this.margin.left + 10;
      g.strokeStyle = color;
      g.lineWidth = 2;
      g.setLineDash(dash || []);
      g.beginPath();
      g.moveTo(x, y);
      g.lineTo(x + 22, y);
      g.stroke();
      g.setLineDash([]);
      g.fillStyle = "#000";
      g.fillText(text, x + 28, y);
    });
  }
}

/** `count` evenly spaced values from a to b. */
export function range(a, b, count) {
  return Array.from({ length: count }, (_, i) => a + ((b - a) * i) / (count - 1));
}
