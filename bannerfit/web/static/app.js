// The page's behaviour: read the form, submit one async job, poll it, show the results.
// Network calls live in api.js, the overlay in layout.js, the zip writer in zip.js.

import { ApiError, describeError, getCredits, submitJob, waitForResult } from "./api.js";
import { buildOverlay } from "./layout.js";
import { makeZip } from "./zip.js";

/** Named presets offered as checkboxes: [label, width, height]. */
export const PRESETS = [
  ["Instagram post", 1080, 1080],
  ["Instagram story", 1080, 1920],
  ["Facebook link", 1200, 628],
  ["Leaderboard", 728, 90],
  ["Medium rectangle", 300, 250],
  ["Wide skyscraper", 160, 600],
  ["Mobile banner", 320, 50],
  ["Billboard", 970, 250],
  ["Half page", 300, 600],
  ["HD", 1920, 1080],
];

const MAX_SIZES = 10;
const KEY_STORAGE = "bannerfit.apiKey";

const $ = (id) => document.getElementById(id);

/** What the current run needs to name its downloads. */
const state = { file: null, stem: "banner", result: null, abort: null };

// ---------------------------------------------------------------- API key and credits

function currentKey() {
  return $("api-key").value.trim();
}

let creditsTimer = 0;
let creditsAbort = null;

/** Show the key's balance; a rejected key is said here too, before any submission. */
async function refreshCredits() {
  creditsAbort?.abort();
  const key = currentKey();
  const line = $("credits");
  line.classList.remove("bad");
  if (!key) {
    line.textContent = "No key yet.";
    return;
  }
  creditsAbort = new AbortController();
  try {
    const credits = await getCredits(key, creditsAbort.signal);
    line.textContent = `Credits left: ${credits}`;
  } catch (err) {
    if (err.name === "AbortError") return;
    line.textContent = describeError(err);
    line.classList.add("bad");
  }
}

function setupKey() {
  const input = $("api-key");
  input.value = localStorage.getItem(KEY_STORAGE) || "";
  input.addEventListener("input", () => {
    localStorage.setItem(KEY_STORAGE, currentKey());
    clearTimeout(creditsTimer);
    creditsTimer = setTimeout(refreshCredits, 400);
  });
  $("show-key").addEventListener("click", (event) => {
    const show = input.type === "password";
    input.type = show ? "text" : "password";
    event.currentTarget.setAttribute("aria-pressed", String(show));
    event.currentTarget.textContent = show ? "Hide" : "Show";
  });
  refreshCredits();
}

// ---------------------------------------------------------------- source image

function stemOf(name) {
  const base = (name || "").split(/[\\/]/).pop().split("?")[0];
  const stem = base.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_");
  return stem || "banner";
}

function useFile(file) {
  if (!file) return;
  if (!file.type.startsWith("image/")) {
    showError(`"${file.name}" is not an image file.`);
    return;
  }
  state.file = file;
  state.stem = stemOf(file.name);
  $("image-url").value = "";
  const preview = $("source-preview");
  if (preview.src.startsWith("blob:")) URL.revokeObjectURL(preview.src);
  preview.src = URL.createObjectURL(file);
  preview.alt = `Chosen banner: ${file.name}`;
  preview.hidden = false;
  preview.onload = () => {
    $("source-info").textContent =
      `${file.name}: ${preview.naturalWidth}x${preview.naturalHeight}, ${Math.ceil(file.size / 1024)} KiB`;
  };
}

function setupSource() {
  const zone = $("drop-zone");
  $("file").addEventListener("change", (e) => useFile(e.target.files[0]));
  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (e) => {
      e.preventDefault();
      zone.classList.add("dragging");
    });
  }
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("dragging");
    useFile(e.dataTransfer.files[0]);
  });
  // Pasting an image (a screenshot, a copied file) anywhere but a text field uses it.
  document.addEventListener("paste", (e) => {
    if (e.target.closest("input, textarea")) return;
    const item = [...e.clipboardData.items].find((i) => i.type.startsWith("image/"));
    if (item) useFile(item.getAsFile());
  });
  $("image-url").addEventListener("input", (e) => {
    if (!e.target.value.trim()) return;
    state.file = null;
    $("file").value = "";
    $("source-preview").hidden = true;
    $("source-info").textContent = "";
  });
}

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// ---------------------------------------------------------------- sizes

function setupPresets() {
  const box = $("presets");
  for (const [label, w, h] of PRESETS) {
    const id = `preset-${w}x${h}`;
    const wrap = document.createElement("div");
    wrap.className = "preset";
    const input = Object.assign(document.createElement("input"), {
      type: "checkbox", id, value: `${w}x${h}`, name: "preset",
    });
    const lab = document.createElement("label");
    lab.htmlFor = id;
    lab.textContent = `${label} `;
    const dims = document.createElement("span");
    dims.className = "dims";
    dims.textContent = `${w}x${h}`;
    lab.append(dims);
    wrap.append(input, lab);
    box.append(wrap);
  }
  box.addEventListener("change", showSizeCount);
  $("custom-sizes").addEventListener("input", showSizeCount);
}

/** Sizes in the order shown: checked presets, then custom ones; errors for bad entries. */
function chosenSizes() {
  const sizes = [...document.querySelectorAll("#presets input:checked")].map((i) => i.value);
  const errors = [];
  for (const raw of $("custom-sizes").value.split(/[,;\s]+/)) {
    if (!raw) continue;
    const m = /^(\d+)\s*[xX×]\s*(\d+)$/.exec(raw);
    if (!m) {
      errors.push(`"${raw}" is not WIDTHxHEIGHT`);
      continue;
    }
    const [w, h] = [Number(m[1]), Number(m[2])];
    if (w < 16 || h < 16 || w > 4096 || h > 4096) {
      errors.push(`${w}x${h} is outside 16..4096`);
      continue;
    }
    sizes.push(`${w}x${h}`);
  }
  return { sizes: [...new Set(sizes)], errors };
}

function showSizeCount() {
  const { sizes, errors } = chosenSizes();
  const line = $("size-count");
  line.textContent = errors.length ? errors.join("; ") : `${sizes.length} of at most ${MAX_SIZES} sizes chosen.`;
  line.classList.toggle("bad", errors.length > 0 || sizes.length > MAX_SIZES);
}

// ---------------------------------------------------------------- errors and progress

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = false;
}

function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}

const STATUS_WORDS = {
  QUEUED: "Queued, waiting for a worker",
  PROCESSING: "Recomposing",
  COMPLETED: "Done, fetching the result",
};

function showProgress(requestId, status, started) {
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  const word = STATUS_WORDS[status.status] || status.status;
  $("progress-text").textContent = `${word}: ${seconds} s (request ${requestId})`;
  const bar = $("progress-bar");
  const p = Number(status.progress);
  if (Number.isFinite(p) && p >= 0) {
    bar.max = p > 1 ? 100 : 1;
    bar.value = p;
  } else {
    bar.removeAttribute("value"); // indeterminate
  }
}

// ---------------------------------------------------------------- results

function fileName(output) {
  // Same scheme as `bannerfit resize`: <stem>_<W>x<H>_<variant>.<format>
  return `${state.stem}_${output.width}x${output.height}_${output.variant ?? 0}.${output.format}`;
}

async function fetchBytes(url) {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) {
    let body = null;
    try {
      body = await response.json();
    } catch {
      /* not JSON: keep the status alone */
    }
    throw new ApiError(response.status, body);
  }
  return new Uint8Array(await response.arrayBuffer());
}

function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function withBusy(button, work) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = "Downloading...";
  try {
    await work();
  } catch (err) {
    showError(`Download failed: ${describeError(err)}`);
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

function downloadOne(output, button) {
  return withBusy(button, async () => {
    const data = await fetchBytes(output.url);
    saveBlob(new Blob([data], { type: `image/${output.format}` }), fileName(output));
  });
}

function downloadAll(button) {
  const outputs = state.result?.output || [];
  return withBusy(button, async () => {
    const entries = [];
    for (const output of outputs) entries.push({ name: fileName(output), data: await fetchBytes(output.url) });
    saveBlob(makeZip(entries), `${state.stem}_bannerfit.zip`);
  });
}

function renderOutput(output, index) {
  const item = document.createElement("li");
  item.className = "output";
  const figure = document.createElement("figure");
  const frame = document.createElement("div");
  frame.className = "frame";
  const img = document.createElement("img");
  img.src = output.url;
  img.width = output.width; // sets the aspect ratio before the file arrives
  img.height = output.height;
  img.alt = `Output ${index + 1}: ${output.target_size || `${output.width}x${output.height}`}, variant ${output.variant ?? 0}`;
  img.dataset.targetSize = output.target_size || `${output.width}x${output.height}`;
  const { overlay, count, strategy } = buildOverlay(output.layout, output.width, output.height);
  frame.append(img, overlay);

  const caption = document.createElement("figcaption");
  const title = document.createElement("strong");
  title.textContent = `${output.width}x${output.height}`;
  const meta = document.createElement("span");
  meta.className = "meta";
  const parts = [`variant ${output.variant ?? 0}`, output.format];
  if (strategy) parts.push(String(strategy));
  meta.textContent = parts.join(" · ");
  caption.append(title, " ", meta);

  const buttons = document.createElement("div");
  buttons.className = "output-actions";
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "toggle-layout";
  toggle.setAttribute("aria-pressed", "false");
  toggle.textContent = count ? `Show layout (${count})` : "No layout record";
  toggle.disabled = count === 0;
  toggle.addEventListener("click", () => {
    const on = overlay.hidden;
    overlay.hidden = !on;
    toggle.setAttribute("aria-pressed", String(on));
    toggle.textContent = `${on ? "Hide" : "Show"} layout (${count})`;
  });
  const download = document.createElement("button");
  download.type = "button";
  download.className = "download-one";
  download.textContent = "Download";
  download.addEventListener("click", () => downloadOne(output, download));
  buttons.append(toggle, download);

  figure.append(frame, caption);
  item.append(figure, buttons);
  return item;
}

function renderResult(result) {
  state.result = result;
  const outputs = result.output || [];
  const m = result.metrics || {};
  const secs = (v) => (Number.isFinite(v) ? `${v.toFixed(2)} s` : "?");
  const parts = [
    `${outputs.length} output${outputs.length === 1 ? "" : "s"}`,
    `compute ${secs(m.inference_time)}`,
    `total ${secs(m.total_time)}`,
    `${result.credits_charged} credit${result.credits_charged === 1 ? "" : "s"} charged`,
    `seed ${result.seed}`,
  ];
  $("summary").textContent = parts.join(" · ");
  // The engine reports, per output, which prompt clauses it used and which it could
  // not: say each once, so an ignored instruction is never a silent one.
  const clauses = (field) => [...new Set(outputs.flatMap((o) => o.layout?.prompt?.[field] || []))];
  const [understood, ignored] = [clauses("understood"), clauses("ignored")];
  const notes = [];
  if (understood.length) notes.push(`Prompt used: ${understood.join("; ")}.`);
  if (ignored.length) notes.push(`Not understood, so not used: ${ignored.join("; ")}.`);
  $("prompt-notes").hidden = notes.length === 0;
  $("prompt-notes").textContent = notes.join(" ");
  $("outputs").replaceChildren(...outputs.map(renderOutput));
  $("results").hidden = false;
  $("h-results").focus();
}

// ---------------------------------------------------------------- submit

async function buildParams() {
  const { sizes, errors } = chosenSizes();
  if (errors.length) throw new Error(`Custom sizes: ${errors.join("; ")}.`);
  if (sizes.length === 0) throw new Error("Choose at least one target size.");
  if (sizes.length > MAX_SIZES) throw new Error(`Choose at most ${MAX_SIZES} sizes (${sizes.length} chosen).`);
  let imageUrl = $("image-url").value.trim();
  if (state.file) imageUrl = await readAsDataUrl(state.file);
  else if (imageUrl) state.stem = stemOf(imageUrl);
  if (!imageUrl) throw new Error("Choose a banner file or paste an image URL.");
  const params = {
    image_url: imageUrl,
    target_sizes: sizes,
    num_images_per_size: Number($("variants").value),
    output_format: $("format").value,
    resolution: $("resolution").value,
    prompt: $("prompt").value,
  };
  const seed = $("seed").value.trim();
  if (seed) params.seed = Number(seed);
  return params;
}

async function onSubmit(event) {
  event.preventDefault();
  clearError();
  const key = currentKey();
  let params;
  try {
    if (!key) throw new Error("Paste an API key first.");
    params = await buildParams();
  } catch (err) {
    showError(err.message);
    return;
  }

  const submit = $("submit");
  const cancel = $("cancel");
  submit.disabled = true;
  cancel.hidden = false;
  state.abort = new AbortController();
  const { signal } = state.abort;
  const started = performance.now();
  $("progress").hidden = false;
  $("progress-text").textContent = "Uploading...";
  $("progress-bar").removeAttribute("value");
  try {
    const job = await submitJob(key, params, signal);
    showProgress(job.request_id, job, started);
    const result = await waitForResult(key, job.request_id, {
      signal,
      onStatus: (s) => showProgress(job.request_id, s, started),
    });
    $("progress").hidden = true;
    renderResult(result);
  } catch (err) {
    $("progress").hidden = true;
    if (err.name === "AbortError") showError("Stopped waiting. The job keeps running on the server.");
    else showError(describeError(err));
  } finally {
    submit.disabled = false;
    cancel.hidden = true;
    refreshCredits();
  }
}

function setup() {
  setupKey();
  setupSource();
  setupPresets();
  showSizeCount();
  $("resize-form").addEventListener("submit", onSubmit);
  $("cancel").addEventListener("click", () => state.abort?.abort());
  $("download-all").addEventListener("click", (e) => downloadAll(e.currentTarget));
  $("h-results").tabIndex = -1;
  document.documentElement.dataset.ready = "true";
}

setup();
