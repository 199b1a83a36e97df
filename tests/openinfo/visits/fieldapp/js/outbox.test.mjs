// Outbox state machine and idempotency keys (run by `node --test`, see Makefile).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  apply, backoffDelay, classify, createItem, createSignalItem, due, hasWork, isEditable, newKey, nextStep,
  summary, withSignalIds,
} from "../../../../../openinfo/visits/fieldapp/static/fieldapp/outbox.mjs";

const BODY = { kelurahan: "36.71.01.1001", activity_type: "sambang", public_summary: "Sambang pos kamling.",
  signals: [{ category: "tawuran", severity: "tinggi", description: "x" }] };

function counterKeys() {
  let n = 0;
  return () => `key-${++n}`;
}

function fresh(extra = {}) {
  return createItem({ owner: "andi", body: BODY, now: 1000, keyFn: counterKeys(),
    photos: [{ id: "p1", name: "a.jpg" }, { id: "p2", name: "b.jpg" }], ...extra });
}

test("new keys are distinct UUIDs", () => {
  const keys = new Set(Array.from({ length: 500 }, () => newKey()));
  assert.equal(keys.size, 500);
  for (const key of keys) assert.match(key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("every request of a report has its own key, fixed when it is saved", () => {
  const item = fresh();
  const keys = [item.keys.create, item.keys.submit, ...item.photos.map((p) => p.key)];
  assert.equal(new Set(keys).size, 4);
  assert.equal(item.state, "saved");
});

test("steps run in order: create, photos, submit; then nothing", () => {
  let item = fresh();
  const seen = [];
  for (;;) {
    const step = nextStep(item);
    if (!step) break;
    seen.push(step.kind);
    item = apply(item, { type: "start", step }, 2000);
    assert.equal(item.state, "sending");
    const data = step.kind === "create" ? { id: 41, status: "draft", signals: [{ id: 7 }] }
      : step.kind === "photo" ? { id: 100 + seen.length } : { status: "submitted" };
    item = apply(item, { type: "ok", step, data }, 2000);
  }
  assert.deepEqual(seen, ["create", "photo", "photo", "submit"]);
  assert.equal(item.state, "waiting");
  assert.equal(item.serverId, 41);
  assert.deepEqual(item.serverSignalIds, [7]);
});

test("a retried step keeps its key (500, timeout, dropped connection)", () => {
  let item = fresh();
  const first = nextStep(item);
  item = apply(item, { type: "start", step: first }, 1000);
  item = apply(item, { type: "retry", step: first, code: "network" }, 1000, () => 0.5);
  assert.equal(item.state, "saved");
  assert.equal(item.attempts, 1);
  assert.equal(item.nextAttemptAt, 1000 + 2000);
  const again = nextStep(item);
  assert.equal(again.kind, "create");
  assert.equal(again.key, first.key);
  assert.deepEqual(again.body, first.body);
});

test("backoff doubles and is capped at five minutes", () => {
  const mid = () => 0.5;
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(n, mid)), [2000, 4000, 8000, 16000]);
  assert.equal(backoffDelay(30, mid), 300000);
  assert.ok(backoffDelay(1, () => 0) >= 1600 && backoffDelay(1, () => 0.999) <= 2400);
});

test("due() skips other owners, items waiting for backoff and settled items", () => {
  const a = fresh();
  const b = { ...fresh(), id: "b", owner: "budi" };
  const c = { ...fresh(), id: "c", nextAttemptAt: 5000 };
  const d = { ...fresh(), id: "d", state: "waiting" };
  assert.deepEqual(due([a, b, c, d], "andi", 4000).map((i) => i.id), [a.id]);
  assert.deepEqual(due([a, b, c, d], "andi", 6000).map((i) => i.id).sort(), [a.id, "c"].sort());
});

test("responses are classified: retry on network/5xx/429/in-progress, auth on 401, else rejected", () => {
  assert.equal(classify({ networkError: true }), "retry");
  assert.equal(classify({ status: 201 }), "ok");
  assert.equal(classify({ status: 500 }), "retry");
  assert.equal(classify({ status: 503 }), "retry");
  assert.equal(classify({ status: 429 }), "retry");
  assert.equal(classify({ status: 409, code: "idempotency_in_progress" }), "retry");
  assert.equal(classify({ status: 409, code: "invalid_transition" }), "rejected");
  assert.equal(classify({ status: 401, code: "token_expired" }), "auth");
  assert.equal(classify({ status: 400 }), "rejected");
  assert.equal(classify({ status: 413 }), "rejected");
});

test("an expired token pauses the item without losing or re-keying anything", () => {
  let item = fresh();
  const step = nextStep(item);
  item = apply(item, { type: "start", step }, 1000);
  item = apply(item, { type: "auth", step, code: "token_expired" }, 1000);
  assert.equal(item.state, "saved");
  assert.equal(item.attempts, 0);
  assert.equal(nextStep(item).key, step.key);
});

test("editing after an unknown create outcome keeps the create key and sends the edit as an update", () => {
  let item = fresh();
  const create = nextStep(item);
  item = apply(item, { type: "start", step: create }, 1000);
  item = apply(item, { type: "retry", step: create }, 1000);
  const edited = { ...BODY, public_summary: "Diperbaiki." };
  item = apply(item, { type: "edit", body: edited, keyFn: counterKeys() }, 1100);
  const again = nextStep(item);
  assert.equal(again.key, create.key, "a new key here could create a second report");
  assert.deepEqual(again.body, BODY);
  item = apply(item, { type: "ok", step: again, data: { id: 9, signals: [{ id: 3 }] } }, 1200);
  const update = nextStep(item);
  assert.equal(update.kind, "update");
  assert.equal(update.body.public_summary, "Diperbaiki.");
  assert.equal(update.body.signals[0].id, 3, "the server's signal is edited, not replaced");
});

test("a refused create gets a new key after the edit (the old key replays the refusal)", () => {
  let item = fresh();
  const create = nextStep(item);
  item = apply(item, { type: "start", step: create }, 1000);
  item = apply(item, { type: "rejected", step: create, code: "validation_error", message: "bad" }, 1000);
  assert.equal(item.state, "failed");
  assert.equal(nextStep(item), null);
  item = apply(item, { type: "edit", body: { ...BODY, rw: "02" }, keyFn: () => "new-create" }, 1100);
  const again = nextStep(item);
  assert.equal(again.kind, "create");
  assert.equal(again.key, "new-create");
  assert.equal(again.body.rw, "02");
});

test("a returned report is edited and resubmitted with fresh update and submit keys", () => {
  let item = { ...fresh(), serverId: 5, state: "waiting", photos: [], serverSignalIds: [8] };
  item = apply(item, { type: "remote-status", status: "returned", reviewComment: "Lengkapi jumlah peserta." }, 2000);
  assert.equal(item.state, "returned");
  assert.equal(item.reviewComment, "Lengkapi jumlah peserta.");
  assert.ok(isEditable(item));
  const oldSubmit = item.keys.submit;
  item = apply(item, { type: "edit", body: { ...BODY, rw: "07" }, keyFn: counterKeys() }, 2100);
  const update = nextStep(item);
  assert.equal(update.kind, "update");
  assert.equal(update.method, "PUT");
  assert.equal(update.body.signals[0].id, 8);
  item = apply(item, { type: "ok", step: update, data: { signals: [{ id: 8 }] } }, 2200);
  const submit = nextStep(item);
  assert.equal(submit.kind, "submit");
  assert.notEqual(submit.key, oldSubmit, "the first submission's key would only replay its old answer");
  item = apply(item, { type: "ok", step: submit, data: { status: "submitted" } }, 2300);
  assert.equal(item.state, "waiting");
});

test("approved and waiting reports cannot be edited", () => {
  for (const state of ["approved", "waiting", "sending"]) {
    const item = { ...fresh(), state };
    assert.equal(isEditable(item), false);
    assert.throws(() => apply(item, { type: "edit", body: BODY }), /tidak dapat diubah/);
  }
});

test("remote statuses do not overwrite local edits waiting to be sent", () => {
  const item = { ...fresh(), serverId: 5, state: "saved", needsUpdate: true };
  const after = apply(item, { type: "remote-status", status: "returned", reviewComment: "old" }, 3000);
  assert.equal(after.state, "saved");
  const approved = apply({ ...item, state: "waiting" }, { type: "remote-status", status: "approved" }, 3000);
  assert.equal(approved.state, "approved");
});

test("a refused photo stops the submission; removing or replacing it lets it go", () => {
  let item = { ...fresh(), serverId: 5, state: "sent" };
  const photo = nextStep(item);
  item = apply(item, { type: "rejected", step: photo, code: "unsupported_media_type", message: "Bukan foto" }, 1000);
  assert.equal(item.state, "failed");
  assert.equal(item.photos[0].rejected, "Bukan foto");
  item = apply(item, { type: "edit", body: BODY, photos: [item.photos[1]], keyFn: counterKeys() }, 1100);
  assert.deepEqual(item.photos.map((p) => p.id), ["p2"]);
  assert.equal(nextStep(item).kind, "update");
});

test("withSignalIds only adds ids the server gave", () => {
  const body = { signals: [{ category: "a" }, { category: "b" }] };
  assert.deepEqual(withSignalIds(body, [4]).signals, [{ category: "a", id: 4 }, { category: "b" }]);
});

// -- signals filed on their own ------------------------------------------------------------------------
const SIGNAL = { kelurahan: "36.71.01.1001", category: "tawuran", severity: "tinggi", description: "Ajakan tawuran." };

function freshSignal() {
  return createSignalItem({ owner: "andi", body: SIGNAL, now: 1000, keyFn: counterKeys() });
}

test("a signal has one request, POST /field/signals/ with its own key, and is filed after it", () => {
  let item = freshSignal();
  assert.equal(item.kind, "signal");
  assert.equal(item.state, "saved");
  const step = nextStep(item);
  assert.deepEqual(step, { kind: "signal", method: "POST", path: "/api/v1/field/signals/", key: "key-2", body: SIGNAL });
  item = apply(item, { type: "start", step }, 2000);
  assert.equal(item.state, "sending");
  item = apply(item, { type: "ok", step, data: { id: 9, status: "open", status_label: "Terbuka" } }, 2000);
  assert.equal(item.state, "filed");
  assert.equal(item.serverId, 9);
  assert.equal(item.serverStatusLabel, "Terbuka");
  assert.equal(nextStep(item), null);
  assert.equal(hasWork(item), false);
  assert.equal(isEditable(item), false);
  assert.equal(summary([item]).filed, 1);
});

test("a retried signal keeps its key and its first body; it cannot be edited while in doubt", () => {
  let item = freshSignal();
  const step = nextStep(item);
  item = apply(item, { type: "start", step }, 1000);
  item = apply(item, { type: "retry", step, code: "network" }, 1000, () => 0.5);
  assert.equal(item.state, "saved");
  assert.equal(item.attempts, 1);
  assert.equal(item.nextAttemptAt, 1000 + 2000);
  assert.equal(nextStep(item).key, step.key);
  assert.equal(isEditable(item), false);
  assert.throws(() => apply(item, { type: "edit", body: { ...SIGNAL, description: "lain" } }), /sedang dikirim/);
});

test("a signal not sent yet is edited under the same key; a refused one gets a new key", () => {
  let item = freshSignal();
  const first = item.keys.create;
  assert.equal(isEditable(item), true);
  item = apply(item, { type: "edit", body: { ...SIGNAL, severity: "sedang" }, keyFn: () => "new-1" }, 1500);
  assert.equal(item.keys.create, first);
  assert.equal(nextStep(item).body.severity, "sedang");
  const step = nextStep(item);
  item = apply(item, { type: "start", step }, 1600);
  item = apply(item, { type: "rejected", step, code: "validation_error", fields: { kelurahan: ["bukan"] } }, 1600);
  assert.equal(item.state, "failed");
  assert.equal(nextStep(item), null);
  assert.equal(isEditable(item), true);
  item = apply(item, { type: "edit", body: { ...SIGNAL, kelurahan: "36.71.01.1002" }, keyFn: () => "new-2" }, 1700);
  assert.equal(item.state, "saved");
  assert.equal(item.keys.create, "new-2");
  assert.equal(nextStep(item).body.kelurahan, "36.71.01.1002");
});

test("remote follow-up statuses change a signal's status, not its outbox state", () => {
  let item = freshSignal();
  const step = nextStep(item);
  item = apply(item, { type: "ok", step, data: { id: 9, status: "open", status_label: "Terbuka" } }, 2000);
  item = apply(item, { type: "remote-signal", status: "resolved", label: "Selesai" }, 3000);
  assert.equal(item.state, "filed");
  assert.equal(item.serverStatus, "resolved");
  assert.equal(item.serverStatusLabel, "Selesai");
  // A report ignores a signal's status event.
  const report = createItem({ owner: "andi", body: BODY, now: 1000, keyFn: counterKeys() });
  assert.equal(apply(report, { type: "remote-signal", status: "resolved" }, 3000), report);
});

test("due() takes signals and reports of the owner together, oldest first", () => {
  const signal = createSignalItem({ owner: "andi", body: SIGNAL, now: 500, keyFn: counterKeys() });
  const report = createItem({ owner: "andi", body: BODY, now: 1000, keyFn: counterKeys() });
  const other = createSignalItem({ owner: "budi", body: SIGNAL, now: 10, keyFn: counterKeys() });
  assert.deepEqual(due([report, other, signal], "andi", 5000).map((i) => i.id), [signal.id, report.id]);
});
