// Sends the outbox to the field API, one request at a time, each with its Idempotency-Key.
// The store and fetch are passed in, so `node --test` runs this against a fake server.
import { apply, classify, due, isSignal, nextStep } from "./outbox.mjs";

const TIMEOUT_MS = { json: 30_000, photo: 120_000 };

export function createApi({ baseUrl = "", getToken, getBlob, fetchImpl = (...args) => fetch(...args) }) {
  async function request(method, path, { key = null, json = undefined, form = undefined, timeout = TIMEOUT_MS.json } = {}) {
    const headers = { Accept: "application/json", "Accept-Language": "id" };
    const token = await getToken();
    if (token) headers.Authorization = `Token ${token}`;
    if (key) headers["Idempotency-Key"] = key;
    let body;
    if (form !== undefined) body = form;
    else if (json !== undefined && json !== null) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    }
    const controller = typeof AbortController === "function" ? new AbortController() : null;
    const timer = controller ? setTimeout(() => controller.abort(), timeout) : null;
    let response;
    try {
      response = await fetchImpl(baseUrl + path, { method, headers, body, signal: controller?.signal,
        credentials: "omit", cache: "no-store" });
    } catch (error) {
      return { networkError: true, message: String(error && error.message || error) };
    } finally {
      if (timer) clearTimeout(timer);
    }
    let data = null;
    try {
      data = response.status === 204 ? null : await response.json();
    } catch {
      data = null;
    }
    const error = data && data.error ? data.error : null;
    return {
      status: response.status,
      data,
      code: error ? error.code : null,
      message: error ? error.message : "",
      fields: error ? error.fields || {} : {},
      date: response.headers && response.headers.get ? response.headers.get("Date") : null,
    };
  }

  return {
    request,
    async perform(step, item) {
      if (step.kind === "photo") {
        const photo = item.photos.find((p) => p.id === step.photoId);
        const blob = await getBlob(step.photoId);
        if (!blob) return { status: 400, code: "photo_missing", message: "Foto tidak ditemukan di ponsel.", fields: {} };
        const form = new FormData();
        form.append("file", blob, photo.name || `${photo.id}.jpg`);
        return request(step.method, step.path, { key: step.key, form, timeout: TIMEOUT_MS.photo });
      }
      return request(step.method, step.path, { key: step.key, json: step.body });
    },
    signals() {
      return request("GET", "/api/v1/field/signals/");
    },
    statuses(since) {
      const query = since ? `?since=${encodeURIComponent(since)}` : "";
      return request("GET", `/api/v1/field/statuses/${query}`);
    },
  };
}

// One pass over the items that are due. Stops at the first authentication failure (the token
// expired or was revoked): nothing is dropped, the items wait for the next sign-in.
export async function syncOnce({ store, api, owner, now = () => Date.now(), random = Math.random, onChange = () => {} }) {
  const result = { sent: 0, retry: 0, rejected: 0, auth: null };
  const items = await store.all();
  for (const original of due(items, owner, now())) {
    let item = original;
    for (;;) {
      const step = nextStep(item);
      if (!step) break;
      item = apply(item, { type: "start", step }, now());
      await store.put(item);
      onChange(item);
      const outcome = await api.perform(step, item);
      const kind = classify(outcome);
      item = apply(item, { type: kind, step, data: outcome.data, code: outcome.code, message: outcome.message,
        fields: outcome.fields }, now(), random);
      await store.put(item);
      onChange(item);
      if (kind === "ok") {
        if (step.kind === "submit" || step.kind === "signal") result.sent += 1;
        continue;
      }
      if (kind === "auth") {
        result.auth = { code: outcome.code, message: outcome.message };
        return result;
      }
      result[kind === "retry" ? "retry" : "rejected"] += 1;
      break;
    }
  }
  return result;
}

// Status changes made by the supervisor (returned with a comment, approved) since the last cursor.
export async function refreshStatuses({ store, api, owner, now = () => Date.now(), onChange = () => {} }) {
  let since = await store.getMeta("statusCursor");
  for (let page = 0; page < 20; page += 1) {
    const outcome = await api.statuses(since || "");
    const kind = classify(outcome);
    if (kind === "auth") return { auth: { code: outcome.code, message: outcome.message } };
    if (kind !== "ok") return { error: outcome };
    const byServerId = new Map((await store.all())
      .filter((i) => i.owner === owner && i.serverId !== null && !isSignal(i))
      .map((i) => [i.serverId, i]));
    for (const row of outcome.data.results) {
      const item = byServerId.get(row.id);
      if (!item) continue;
      const updated = apply(item, { type: "remote-status", status: row.status, reviewComment: row.review_comment }, now());
      if (updated.state !== item.state || updated.reviewComment !== item.reviewComment) {
        await store.put(updated);
        onChange(updated);
      } else if (updated.serverStatus !== item.serverStatus) {
        await store.put(updated);
      }
    }
    since = outcome.data.next_since;
    await store.setMeta("statusCursor", since);
    if (!outcome.data.has_more) break;
  }
  return { ok: true };
}

// The follow-up status of the signals filed on their own (the newest page: what the phone shows).
export async function refreshSignals({ store, api, owner, now = () => Date.now(), onChange = () => {} }) {
  const filed = (await store.all()).filter((i) => i.owner === owner && isSignal(i) && i.serverId !== null);
  if (!filed.length) return { ok: true };
  const outcome = await api.signals();
  const kind = classify(outcome);
  if (kind === "auth") return { auth: { code: outcome.code, message: outcome.message } };
  if (kind !== "ok") return { error: outcome };
  const rows = new Map((outcome.data.results || []).map((row) => [row.id, row]));
  for (const item of filed) {
    const row = rows.get(item.serverId);
    if (!row || (row.status === item.serverStatus && row.status_label === item.serverStatusLabel)) continue;
    const updated = apply(item, { type: "remote-signal", status: row.status, label: row.status_label }, now());
    await store.put(updated);
    onChange(updated);
  }
  return { ok: true };
}
