// JSON from the marsad API. Errors become exceptions with the API's one-line reason.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const cache = new Map();

export async function get(path, params, { cached = false } = {}) {
  const qs = params
    ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== "")).toString()
    : "";
  const url = qs ? `${path}?${qs}` : path;
  if (cached && cache.has(url)) return cache.get(url);
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  if (!res.ok) {
    let reason = `${res.status}`;
    try {
      const body = await res.json();
      if (body && body.detail) reason = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch (_) {
      /* not JSON */
    }
    throw new ApiError(res.status, reason);
  }
  const data = await res.json();
  if (cached) cache.set(url, data);
  return data;
}
