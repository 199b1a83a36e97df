// Tasks on the phone: the list the server last sent (kept in IndexedDB "meta", readable offline) and
// the officer's actions on them (comment, start, complete) queued with their own Idempotency-Key
// until the server has answered, so a retry never records a comment or a completion twice.
// Pure functions plus two sync steps that take the store and the api (tested with `node --test`).
import { newKey } from "./outbox.mjs";

export const TASK_ACTION_LABELS = { comment: "Komentar", start: "Mulai", complete: "Selesaikan" };

// A new queued action; `body` is what the endpoint takes ({text} | {} | {report, note}).
export function taskAction({ taskId, kind, body = {}, now, keyFn = newKey }) {
  return { key: keyFn(), taskId, kind, body, createdAt: now, state: "saved", error: null };
}

// The task as the officer should see it now: the server's copy plus what is still queued.
export function withPending(task, actions) {
  const mine = actions.filter((a) => a.taskId === task.id);
  if (!mine.length) return task;
  const events = [...task.events];
  let status = task.status;
  for (const a of mine) {
    if (a.kind === "comment") events.push({ kind: "comment", label: "Komentar", text: a.body.text, at: new Date(a.createdAt).toISOString(), pending: a.state !== "failed", failed: a.state === "failed" ? a.error : null });
    if (a.kind === "start" && status === "open" && a.state !== "failed") status = "in_progress";
    if (a.kind === "complete" && a.state !== "failed") status = "done_pending";
  }
  return { ...task, events, status, pending: mine };
}

export function isOverdue(task, today) {
  return ["open", "in_progress"].includes(task.status) && task.due_date < today;
}

export function openTasks(tasks) {
  return tasks.filter((t) => ["open", "in_progress"].includes(t.status));
}

function classifyTask(outcome) {
  if (outcome.networkError) return "retry";
  if (outcome.status >= 200 && outcome.status < 300) return "ok";
  if (outcome.status === 401) return "auth";
  if (outcome.status === 408 || outcome.status === 429 || outcome.status >= 500) return "retry";
  if (outcome.status === 409 && outcome.code === "idempotency_in_progress") return "retry";
  return "rejected";
}

function describeError(outcome) {
  const fields = Object.values(outcome.fields || {}).flat().join(" ");
  return fields || outcome.message || "Server menolak tindakan ini.";
}

// Send the queued actions in order. A refused one is kept as failed (with the server's message)
// and the rest go on; a network error or a 5xx stops the pass (sent again next time, same key).
export async function sendTaskActions({ store, api }) {
  const result = { sent: 0, rejected: 0, auth: null };
  let actions = (await store.getMeta("taskActions")) || [];
  for (const action of actions.filter((a) => a.state === "saved")) {
    const outcome = await api.request("POST", `/api/v1/field/tasks/${action.taskId}/${action.kind}/`, { key: action.key, json: action.body });
    const kind = classifyTask(outcome);
    if (kind === "auth") { result.auth = { code: outcome.code, message: outcome.message }; break; }
    if (kind === "retry") break;
    actions = (await store.getMeta("taskActions")) || [];
    if (kind === "ok") {
      actions = actions.filter((a) => a.key !== action.key);
      await mergeTask(store, outcome.data);
      result.sent += 1;
    } else {
      actions = actions.map((a) => (a.key === action.key ? { ...a, state: "failed", error: describeError(outcome) } : a));
      result.rejected += 1;
    }
    await store.setMeta("taskActions", actions);
  }
  return result;
}

async function mergeTask(store, task) {
  const cached = (await store.getMeta("tasks")) || { results: [] };
  const results = cached.results.some((t) => t.id === task.id)
    ? cached.results.map((t) => (t.id === task.id ? task : t))
    : [...cached.results, task];
  await store.setMeta("tasks", { ...cached, results });
}

export async function refreshTasks({ store, api, now = () => Date.now() }) {
  const outcome = await api.request("GET", "/api/v1/field/tasks/");
  const kind = classifyTask(outcome);
  if (kind === "auth") return { auth: { code: outcome.code, message: outcome.message } };
  if (kind !== "ok") return { error: outcome };
  await store.setMeta("tasks", { results: outcome.data.results, fetchedAt: now() });
  return { ok: true };
}
