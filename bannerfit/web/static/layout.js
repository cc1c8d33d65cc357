// The layout overlay: the engine's layout record (strategy, element boxes in output
// pixels) drawn as boxes over a displayed output. Boxes are placed in percentages of
// the output's size, so they stay on their elements whatever size the image is shown
// at (phone or desktop, resized window) with no resize handling.

/** Read one box in any of the shapes a record may use; null when unreadable. */
function readBox(raw, arrayFormat) {
  if (!raw) return null;
  if (Array.isArray(raw) && raw.length === 4 && raw.every(Number.isFinite)) {
    const [a, b, c, d] = raw;
    return arrayFormat === "xyxy" ? { x: a, y: b, w: c - a, h: d - b } : { x: a, y: b, w: c, h: d };
  }
  if (typeof raw !== "object") return null;
  const n = (v) => (Number.isFinite(v) ? v : undefined);
  if (n(raw.x0) !== undefined && n(raw.x1) !== undefined) {
    return { x: raw.x0, y: raw.y0, w: raw.x1 - raw.x0, h: raw.y1 - raw.y0 };
  }
  if (n(raw.right) !== undefined && n(raw.left) !== undefined && n(raw.width) === undefined) {
    return { x: raw.left, y: raw.top, w: raw.right - raw.left, h: raw.bottom - raw.top };
  }
  const x = n(raw.x) ?? n(raw.left);
  const y = n(raw.y) ?? n(raw.top);
  const w = n(raw.w) ?? n(raw.width);
  const h = n(raw.h) ?? n(raw.height);
  if ([x, y, w, h].some((v) => v === undefined)) return null;
  return { x, y, w, h };
}

/**
 * Element boxes of a layout record as fractions of the output: [{kind, label, x, y, w, h}].
 * Elements are read from `elements` (or `boxes`); each has a `kind` and a `box`:
 * [x, y, width, height] in output pixels, as the engine writes it (Box.to_list), or
 * [x0, y0, x1, y1] when the record says `box_format: "xyxy"`; objects say their keys.
 */
export function layoutBoxes(layout, width, height) {
  if (!layout || typeof layout !== "object" || !width || !height) return [];
  const items = layout.elements || layout.boxes || [];
  const format = layout.box_format === "xyxy" ? "xyxy" : "xywh";
  const boxes = [];
  for (const item of Array.isArray(items) ? items : []) {
    const box = readBox(item.box ?? item.bbox ?? item.rect ?? item, format);
    if (!box || box.w <= 0 || box.h <= 0) continue;
    const kind = String(item.kind ?? item.type ?? item.role ?? "element");
    const label = item.text ? `${kind}: ${item.text}` : kind;
    boxes.push({ kind, label, x: box.x / width, y: box.y / height, w: box.w / width, h: box.h / height });
  }
  return boxes;
}

/** CSS-safe kind name, so known kinds get their own colour (see app.css). */
const kindClass = (kind) => `kind-${kind.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

/** Build the overlay element for one output; hidden until toggled. */
export function buildOverlay(layout, width, height) {
  const overlay = document.createElement("div");
  overlay.className = "overlay";
  overlay.hidden = true;
  const boxes = layoutBoxes(layout, width, height);
  for (const b of boxes) {
    const el = document.createElement("div");
    el.className = `box ${kindClass(b.kind)}`;
    el.style.left = `${(b.x * 100).toFixed(3)}%`;
    el.style.top = `${(b.y * 100).toFixed(3)}%`;
    el.style.width = `${(b.w * 100).toFixed(3)}%`;
    el.style.height = `${(b.h * 100).toFixed(3)}%`;
    el.title = b.label;
    el.dataset.kind = b.kind;
    const tag = document.createElement("span");
    tag.className = "tag";
    tag.textContent = b.kind;
    el.append(tag);
    overlay.append(el);
  }
  return { overlay, count: boxes.length, strategy: layout && layout.strategy };
}
