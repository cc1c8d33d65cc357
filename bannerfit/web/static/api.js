// The page's only door to bannerfit: the public HTTP API (docs: /docs, spec: api.md).
// Every error the API returns is JSON with an "error" sentence; this module turns it,
// with the status code, into one message a person can act on.

const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };

/** An HTTP error from the API, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super((body && body.error) || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.body = body || {};
    this.retryAfter = retryAfter;
  }
}

/**
 * Call the API and return the parsed JSON body of a 2xx answer; throw ApiError else.
 * A 202 (result not ready) is returned as well: the caller reads its "status".
 */
export async function callApi(path, { key, method = "GET", body, signal } = {}) {
  const headers = { ...JSON_HEADERS };
  if (key) headers["x-api-key"] = key;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: "no-store",
    });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, { error: `Could not reach the server (${err.message}).` });
  }
  let payload = null;
  const text = await response.text();
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = { error: text.slice(0, 300) };
    }
  }
  if (!response.ok) {
    const retry = Number.parseInt(response.headers.get("Retry-After") || "", 10);
    throw new ApiError(response.status, payload, Number.isFinite(retry) ? retry : undefined);
  }
  return { status: response.status, body: payload || {} };
}

/** Reduce the API's validation details ("fields") to one readable clause. */
function fieldDetails(body) {
  if (!Array.isArray(body.fields) || body.fields.length === 0) return "";
  const parts = body.fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message));
  return ` (${parts.join("; ")})`;
}

/** One sentence for a failed call: what happened, the API's reason, what to do. */
export function describeError(err) {
  if (!(err instanceof ApiError)) return `Unexpected error: ${err.message || err}`;
  const reason = err.body.error || "no details given";
  const s = err.status;
  switch (true) {
    case s === 0:
      return reason;
    case s === 400:
      return `The request was refused (400): ${reason}${fieldDetails(err.body)}`;
    case s === 401:
      return `The API key was not accepted (401): ${reason} Paste the key printed by "bannerfit serve" or made with "bannerfit keys create".`;
    case s === 403:
      return `This key is not allowed to do that (403): ${reason}`;
    case s === 404:
      return `Not found (404): ${reason} Results are kept for a limited time.`;
    case s === 406:
      return `Not enough credits (406): ${reason} Top the key up with "bannerfit keys add-credits".`;
    case s === 413:
      return `The image or request is too large (413): ${reason}`;
    case s === 422:
      return `Processing failed (422): ${reason}`;
    case s === 429: {
      const wait = err.retryAfter !== undefined ? ` Try again in ${err.retryAfter} s.` : "";
      return `Too many requests (429): ${reason}${wait}`;
    }
    case s === 504:
      return `The server ran past its deadline (504): ${reason}`;
    case s >= 500:
      return `Server error (${s}): ${reason}`;
    default:
      return `Request failed (${s}): ${reason}`;
  }
}

/** The balance of `key`, from GET /v1/credits. */
export async function getCredits(key, signal) {
  const { body } = await callApi("/v1/credits", { key, signal });
  return body.credits;
}

/** Submit a job; returns {request_id, status, status_url, response_url}. */
export async function submitJob(key, params, signal) {
  const { body } = await callApi("/v2/smart-banner-resizer", { key, method: "POST", body: params, signal });
  return body;
}

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new DOMException("Stopped", "AbortError"));
    });
  });

/**
 * Poll GET /v2/requests/{id}/status until the job ends, reporting each status body
 * through onStatus, then fetch and return the result body. A FAILED job arrives as
 * a 422 ApiError. A 429 while polling waits as told instead of giving up: the job
 * keeps running whatever the page does.
 */
export async function waitForResult(key, requestId, { onStatus, signal } = {}) {
  const id = encodeURIComponent(requestId);
  let delay = 400;
  for (;;) {
    let status;
    try {
      ({ body: status } = await callApi(`/v2/requests/${id}/status`, { key, signal }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) {
        await sleep(1000 * (err.retryAfter || 2), signal);
        continue;
      }
      throw err;
    }
    onStatus?.(status);
    if (status.status === "COMPLETED") break;
    await sleep(delay, signal);
    delay = Math.min(delay * 1.5, 2000);
  }
  // include_layout adds each output's layout record (the overlay draws it).
  const { status, body } = await callApi(`/v2/requests/${id}?include_layout=true`, { key, signal });
  if (status !== 200 || body.status !== "COMPLETED") {
    throw new ApiError(status, { error: `The result is not ready (status ${body.status}).` });
  }
  return body;
}
