// The outbox state machine: pure functions, no browser APIs (tested with `node --test`).
//
// A report in the outbox is one plain object. Each request that changes the server carries its own
// Idempotency-Key, created when the officer saves (before any network) and kept until the server
// has answered it, so a retry after a timeout, a 500 or a dropped connection can never create a
// second report or photo. States shown to the officer:
//   saved     – on the phone, waiting for the network
//   sending   – a request is in flight
//   sent      – the draft and photos are on the server, the submission is still to be made
//   waiting   – submitted: waiting for the supervisor's approval
//   returned  – the supervisor returned it with a comment (editable, resubmittable)
//   approved  – approved (read-only)
//   failed    – the server refused something (a clear message; the officer edits and saves again)
//   filed     – an early-warning signal filed on its own (kind "signal"): on the server, with the
//               supervisors (its follow-up status comes from GET /field/signals/)
// A signal filed on its own ("Sinyal dini") is an item of kind "signal" with one request, the
// creation, under its own key: saved → sending → filed (or failed, edited and saved again).

export const STATES = ["saved", "sending", "sent", "waiting", "returned", "approved", "failed", "filed"];

export const STATE_LABELS = {
  saved: "Tersimpan di ponsel",
  sending: "Mengirim…",
  sent: "Terkirim (belum diajukan)",
  waiting: "Menunggu persetujuan",
  returned: "Dikembalikan dengan catatan",
  approved: "Disetujui",
  failed: "Perlu diperbaiki",
  filed: "Terkirim ke pengawas",
};

const EDITABLE = new Set(["saved", "sent", "failed", "returned"]);
const CREATES = new Set(["create", "signal"]);
const SETTLED = new Set(["waiting", "returned", "approved", "failed"]);

export function newKey(cryptoImpl = globalThis.crypto) {
  return cryptoImpl.randomUUID();
}

export function isEditable(item) {
  if (isSignal(item)) return signalEditable(item);
  return EDITABLE.has(item.state);
}

export function hasWork(item) {
  return nextStep(item) !== null;
}

// Exponential backoff with jitter: 2 s, 4 s, 8 s … capped at 5 minutes.
export function backoffDelay(attempts, random = Math.random) {
  const base = Math.min(300_000, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

// A new outbox item from what the form produced. `photos` are {id, name, size, width, height}
// (their blobs live elsewhere, under the same id).
export function createItem({ id, owner, body, photos = [], location = null, now, keyFn = newKey }) {
  return {
    id: id || keyFn(),
    owner,
    createdAt: now,
    updatedAt: now,
    body,
    createBody: body,
    photos: photos.map((photo) => ({ ...photo, key: keyFn(), sent: false, serverId: null, rejected: null })),
    location,
    locationSent: location === null,
    serverId: null,
    serverSignalIds: [],
    everStarted: false,
    createRejected: false,
    needsUpdate: false,
    round: 1,
    keys: { create: keyFn(), update: null, location: location ? keyFn() : null, submit: keyFn() },
    state: "saved",
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    reviewComment: "",
    serverStatus: null,
  };
}

// A signal filed on its own, without a report: `body` is {kelurahan, category, severity,
// description, observed_at}.
export function createSignalItem({ id, owner, body, now, keyFn = newKey }) {
  return {
    id: id || keyFn(),
    kind: "signal",
    owner,
    createdAt: now,
    updatedAt: now,
    body,
    createBody: body,
    photos: [],
    serverId: null,
    everStarted: false,
    createRejected: false,
    keys: { create: keyFn() },
    state: "saved",
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    serverStatus: null,
    serverStatusLabel: "",
  };
}

export const isSignal = (item) => item.kind === "signal";

// The request the item needs next, or null when there is nothing to send.
export function nextStep(item) {
  if (!["saved", "sending", "sent"].includes(item.state)) return null;
  if (isSignal(item)) {
    return item.serverId === null
      ? { kind: "signal", method: "POST", path: "/api/v1/field/signals/", key: item.keys.create, body: item.createBody }
      : null;
  }
  if (item.serverId === null) {
    return { kind: "create", method: "POST", path: "/api/v1/field/reports/", key: item.keys.create,
      body: item.createBody };
  }
  if (item.needsUpdate) {
    return { kind: "update", method: "PUT", path: `/api/v1/field/reports/${item.serverId}/`,
      key: item.keys.update, body: withSignalIds(item.body, item.serverSignalIds) };
  }
  const photo = item.photos.find((p) => !p.sent && !p.rejected);
  if (photo) {
    return { kind: "photo", method: "POST", path: `/api/v1/field/reports/${item.serverId}/photos/`,
      key: photo.key, photoId: photo.id };
  }
  if (item.photos.some((p) => p.rejected)) return null;
  if (item.location && !item.locationSent) {
    return { kind: "location", method: "PUT", path: `/api/v1/field/reports/${item.serverId}/location/`,
      key: item.keys.location, body: item.location };
  }
  return { kind: "submit", method: "POST", path: `/api/v1/field/reports/${item.serverId}/submit/`,
    key: item.keys.submit, body: null };
}

// Signals the server already has keep their ids (by position), so an update edits them instead of
// replacing them with new ones.
export function withSignalIds(body, ids) {
  if (!body || !Array.isArray(body.signals)) return body;
  return { ...body, signals: body.signals.map((signal, i) => (ids[i] ? { ...signal, id: ids[i] } : signal)) };
}

// What an HTTP outcome means for the outbox.
export function classify(outcome) {
  if (outcome.networkError) return "retry";
  const status = outcome.status;
  if (status >= 200 && status < 300) return "ok";
  if (status === 401) return "auth";
  if (status === 408 || status === 425 || status === 429 || status >= 500) return "retry";
  if (status === 409 && outcome.code === "idempotency_in_progress") return "retry";
  return "rejected";
}

const REMOTE_STATES = { submitted: "waiting", approved: "approved", returned: "returned" };

export function apply(item, event, now = Date.now(), random = Math.random) {
  const next = { ...item, updatedAt: now };
  switch (event.type) {
    case "start":
      next.state = "sending";
      if (event.step && CREATES.has(event.step.kind)) next.everStarted = true;
      return next;
    case "ok":
      return applyOk(next, event.step, event.data || {});
    case "retry":
      next.attempts = item.attempts + 1;
      next.nextAttemptAt = now + backoffDelay(next.attempts, random);
      next.state = item.serverId === null ? "saved" : "sent";
      next.lastError = { code: event.code || "network", message: event.message || "" };
      return next;
    case "auth":
      next.state = item.serverId === null ? "saved" : "sent";
      next.lastError = { code: event.code || "authentication_failed", message: event.message || "" };
      return next;
    case "rejected": {
      next.state = "failed";
      next.lastError = { code: event.code || "rejected", message: event.message || "", fields: event.fields || {},
        step: event.step ? event.step.kind : null };
      if (event.step && CREATES.has(event.step.kind)) next.createRejected = true;
      if (event.step && event.step.kind === "photo") {
        next.photos = item.photos.map((p) => (p.id === event.step.photoId ? { ...p, rejected: event.message || "ditolak" } : p));
      }
      return next;
    }
    case "remote-status": {
      const mapped = REMOTE_STATES[event.status];
      next.serverStatus = event.status;
      if (!mapped || !SETTLED.has(item.state)) return next;
      next.state = mapped;
      next.reviewComment = event.reviewComment || "";
      if (mapped !== "failed") next.lastError = null;
      return next;
    }
    case "remote-signal":
      // The follow-up status of a filed signal (open, monitored, resolved …), as the server labels it.
      if (!isSignal(item)) return item;
      next.serverStatus = event.status;
      next.serverStatusLabel = event.label || event.status;
      return next;
    case "edit":
      return isSignal(item) ? applySignalEdit(next, item, event) : applyEdit(next, item, event, now);
    default:
      throw new Error(`unknown event ${event.type}`);
  }
}

function applyOk(next, step, data) {
  next.attempts = 0;
  next.nextAttemptAt = 0;
  next.lastError = null;
  switch (step.kind) {
    case "create":
      next.serverId = data.id;
      next.serverSignalIds = (data.signals || []).map((s) => s.id);
      next.serverStatus = data.status || "draft";
      // Edits made while the creation was in doubt are sent as an update.
      next.needsUpdate = JSON.stringify(next.body) !== JSON.stringify(next.createBody);
      next.state = "sent";
      return next;
    case "update":
      next.needsUpdate = false;
      next.serverSignalIds = (data.signals || []).map((s) => s.id);
      next.state = "sent";
      return next;
    case "photo":
      next.photos = next.photos.map((p) => (p.id === step.photoId ? { ...p, sent: true, serverId: data.id } : p));
      next.state = "sent";
      return next;
    case "location":
      next.locationSent = true;
      next.state = "sent";
      return next;
    case "signal":
      next.serverId = data.id;
      next.serverStatus = data.status || "open";
      next.serverStatusLabel = data.status_label || next.serverStatus;
      next.state = "filed";
      return next;
    case "submit":
      next.serverStatus = data.status || "submitted";
      next.state = REMOTE_STATES[next.serverStatus] || "waiting";
      next.reviewComment = "";
      return next;
    default:
      throw new Error(`unknown step ${step.kind}`);
  }
}

// The officer saved changes: new keys for every request whose earlier answer is final; the keys of
// requests whose outcome is unknown (a create or photo that may have reached the server) are kept.
function applyEdit(next, item, event, now) {
  if (!isEditable(item)) {
    throw new Error(item.state === "approved"
      ? "Laporan yang sudah disetujui tidak dapat diubah."
      : "Laporan ini sedang dikirim atau menunggu persetujuan; tidak dapat diubah.");
  }
  const keyFn = event.keyFn || newKey;
  next.body = event.body;
  if (item.serverId === null) {
    if (!item.everStarted || item.createRejected) {
      next.createBody = event.body;
      next.keys = { ...item.keys, create: item.createRejected ? keyFn() : item.keys.create };
      next.createRejected = false;
      next.everStarted = item.createRejected ? false : item.everStarted;
    }
  } else {
    next.needsUpdate = true;
    next.keys = { ...item.keys, update: keyFn() };
  }
  next.keys = { ...next.keys, submit: keyFn() };
  const kept = new Map(item.photos.map((p) => [p.id, p]));
  next.photos = (event.photos || item.photos).map((photo) => {
    const old = kept.get(photo.id);
    if (!old) return { ...photo, key: keyFn(), sent: false, serverId: null, rejected: null };
    if (old.rejected) return { ...old, key: keyFn(), rejected: null };
    return old;
  });
  const locationRejected = item.state === "failed" && item.lastError && item.lastError.step === "location";
  if (event.location !== undefined && (locationRejected
      || JSON.stringify(event.location) !== JSON.stringify(item.location))) {
    next.location = event.location;
    next.locationSent = event.location === null;
    next.keys.location = event.location ? keyFn() : null;
  }
  next.round = item.round + 1;
  next.state = item.serverId === null ? "saved" : "sent";
  next.attempts = 0;
  next.nextAttemptAt = 0;
  next.lastError = null;
  next.reviewComment = item.state === "returned" ? item.reviewComment : "";
  return next;
}

// A signal is edited only while the server surely does not have it: never sent yet, or refused
// (then the corrected signal is a new request with a new key). Once a creation may have reached the
// server (sent, answer unknown) it is only retried, with its key and its first body, so a retry can
// never file a second signal nor lose an edit.
function signalEditable(item) {
  if (item.serverId !== null) return false;
  return item.state === "failed" ? item.createRejected : item.state === "saved" && !item.everStarted;
}

function applySignalEdit(next, item, event) {
  if (!signalEditable(item)) {
    throw new Error(item.serverId !== null
      ? "Sinyal ini sudah terkirim; tidak dapat diubah."
      : "Sinyal ini sedang dikirim; tunggu sampai terkirim.");
  }
  const keyFn = event.keyFn || newKey;
  next.body = event.body;
  next.createBody = event.body;
  next.keys = { create: item.createRejected ? keyFn() : item.keys.create };
  next.createRejected = false;
  next.everStarted = false;
  next.state = "saved";
  next.attempts = 0;
  next.nextAttemptAt = 0;
  next.lastError = null;
  return next;
}

// Items the sync loop should try now, oldest first.
export function due(items, owner, now) {
  return items
    .filter((item) => item.owner === owner && hasWork(item) && item.nextAttemptAt <= now)
    .sort((a, b) => a.createdAt - b.createdAt);
}

export function summary(items) {
  const counts = Object.fromEntries(STATES.map((s) => [s, 0]));
  for (const item of items) counts[item.state] += 1;
  return counts;
}
