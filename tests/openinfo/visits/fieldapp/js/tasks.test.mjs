// Task actions from the phone: queued with their own key, sent once even when the first attempt is
// lost, a refusal kept with the server's message, and the pending steps shown on the task.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  isOverdue, refreshTasks, sendTaskActions, taskAction, withPending,
} from "../../../../../openinfo/visits/fieldapp/static/fieldapp/tasks.mjs";

function memoryStore() {
  const meta = new Map();
  return {
    getMeta: async (key) => structuredClone(meta.get(key) ?? null),
    setMeta: async (key, value) => { meta.set(key, structuredClone(value)); },
  };
}

const TASK = { id: 7, status: "open", due_date: "2026-01-10", events: [{ kind: "created", label: "Dibuat" }] };

function fakeApi({ lose = 0, refuse = false } = {}) {
  const seen = new Map();
  const comments = [];
  let losses = lose;
  return {
    comments,
    async request(method, path, { key, json } = {}) {
      if (method === "GET") return { status: 200, data: { results: [{ ...TASK, events: [...TASK.events, ...comments] }] } };
      if (refuse) return { status: 400, code: "validation_error", message: "Permintaan tidak sah.", fields: { report: ["Laporan ini bukan kegiatan yang diharapkan."] } };
      if (!seen.has(key)) {
        seen.set(key, true);
        comments.push({ kind: "comment", label: "Komentar", text: json.text });
      }
      if (losses > 0) { losses -= 1; return { networkError: true }; }  // applied, answer lost
      return { status: 200, data: { ...TASK, events: [...TASK.events, ...comments] } };
    },
  };
}

test("a comment whose answer was lost is sent again with the same key and recorded once", async () => {
  const store = memoryStore();
  const api = fakeApi({ lose: 1 });
  await store.setMeta("taskActions", [taskAction({ taskId: 7, kind: "comment", body: { text: "Siap" }, now: 1, keyFn: () => "k1" })]);
  assert.deepEqual(await sendTaskActions({ store, api }), { sent: 0, rejected: 0, auth: null });
  assert.equal((await store.getMeta("taskActions")).length, 1);
  assert.equal((await sendTaskActions({ store, api })).sent, 1);
  assert.equal(api.comments.length, 1);
  assert.deepEqual(await store.getMeta("taskActions"), []);
  assert.equal((await store.getMeta("tasks")).results[0].events.at(-1).text, "Siap");
});

test("a refused completion stays on the phone as failed with the server's message", async () => {
  const store = memoryStore();
  await store.setMeta("taskActions", [taskAction({ taskId: 7, kind: "complete", body: { report: 3 }, now: 1, keyFn: () => "k2" })]);
  const result = await sendTaskActions({ store, api: fakeApi({ refuse: true }) });
  assert.equal(result.rejected, 1);
  const [action] = await store.getMeta("taskActions");
  assert.equal(action.state, "failed");
  assert.match(action.error, /bukan kegiatan/);
  assert.equal(withPending(TASK, [action]).status, "open");
});

test("pending steps show on the task until the server has them", async () => {
  const actions = [
    taskAction({ taskId: 7, kind: "comment", body: { text: "Otw" }, now: 0, keyFn: () => "a" }),
    taskAction({ taskId: 7, kind: "start", now: 0, keyFn: () => "b" }),
  ];
  const shown = withPending(TASK, actions);
  assert.equal(shown.status, "in_progress");
  assert.equal(shown.events.at(-1).pending, true);
  assert.equal(isOverdue(TASK, "2026-01-11"), true);
  assert.equal(isOverdue({ ...TASK, status: "done" }, "2026-01-11"), false);
  const store = memoryStore();
  assert.deepEqual(await refreshTasks({ store, api: fakeApi(), now: () => 5 }), { ok: true });
  assert.equal((await store.getMeta("tasks")).fetchedAt, 5);
});
