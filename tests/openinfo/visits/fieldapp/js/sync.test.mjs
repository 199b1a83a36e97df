// The sync loop against a fake field API that keeps Idempotency-Key records like the real one
// (cms/api/idempotency.py): a fault anywhere still ends with exactly one report and one of each photo.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createItem, createSignalItem } from "../../../../../openinfo/visits/fieldapp/static/fieldapp/outbox.mjs";
import {
  createApi, refreshSignals, refreshStatuses, syncOnce,
} from "../../../../../openinfo/visits/fieldapp/static/fieldapp/sync.mjs";

function memoryStore() {
  const items = new Map();
  const meta = new Map();
  const blobs = new Map();
  return {
    all: async () => [...items.values()].map((i) => structuredClone(i)),
    get: async (id) => structuredClone(items.get(id)),
    put: async (item) => { items.set(item.id, structuredClone(item)); },
    getBlob: async (id) => blobs.get(id) || null,
    putBlob: async (id, blob) => { blobs.set(id, blob); },
    getMeta: async (key) => meta.get(key) ?? null,
    setMeta: async (key, value) => { meta.set(key, value); },
  };
}

function fakeServer({ faults = [] } = {}) {
  const reports = new Map();
  const signals = new Map();
  const photos = [];
  const records = new Map();
  let nextId = 1;
  const calls = [];
  const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  async function handle(url, init) {
    const path = new URL(url).pathname;
    const key = init.headers["Idempotency-Key"];
    if (init.headers.Authorization !== "Token good") return json(401, { error: { code: "token_expired", message: "expired" } });
    if (key && records.has(key)) return json(records.get(key).status, records.get(key).body);
    let result;
    if (init.method === "POST" && path === "/api/v1/field/reports/") {
      const body = JSON.parse(init.body);
      const id = nextId++;
      reports.set(id, { id, status: "draft", body, signals: body.signals.map((s, i) => ({ ...s, id: 100 * id + i })) });
      result = { status: 201, body: { id, status: "draft", signals: reports.get(id).signals } };
    } else if (init.method === "POST" && path === "/api/v1/field/signals/") {
      const body = JSON.parse(init.body);
      if (!body.description) {
        result = { status: 400, body: { error: { code: "blank", message: "invalid", fields: { description: ["wajib"] } } } };
      } else {
        const id = 500 + signals.size;
        signals.set(id, { id, status: "open", status_label: "Terbuka", body });
        result = { status: 201, body: { id, status: "open", status_label: "Terbuka" } };
      }
    } else if (init.method === "GET" && path === "/api/v1/field/signals/") {
      return json(200, { results: [...signals.values()].map(({ id, status, status_label }) => ({ id, status, status_label })) });
    } else if (/\/photos\/$/.test(path)) {
      const id = Number(path.split("/")[5]);
      const file = init.body.get("file");
      photos.push({ report: id, size: file.size });
      result = { status: 201, body: { id: photos.length } };
    } else if (/\/submit\/$/.test(path)) {
      const id = Number(path.split("/")[5]);
      const report = reports.get(id);
      if (report.status === "submitted") result = { status: 409, body: { error: { code: "invalid_transition", message: "already" } } };
      else { report.status = "submitted"; result = { status: 200, body: { id, status: "submitted" } }; }
    } else if (init.method === "GET" && path === "/api/v1/field/statuses/") {
      return json(200, { results: [...reports.values()].map((r) => ({ id: r.id, status: r.status, review_comment: r.comment || "" })),
        next_since: "c1", has_more: false });
    } else {
      return json(404, { error: { code: "not_found" } });
    }
    if (key) records.set(key, result);
    return json(result.status, result.body);
  }
  const fetchImpl = async (url, init) => {
    calls.push(`${init.method} ${new URL(url).pathname}`);
    const fault = faults.shift();
    if (fault === "offline") throw new TypeError("Failed to fetch");
    if (fault === "500") return json(500, { error: { code: "server_error", message: "oops" } });
    const response = await handle(url, init);
    if (fault === "drop-after-commit") throw new TypeError("network connection was lost");
    return response;
  };
  return { fetchImpl, reports, signals, photos, calls };
}

async function setup(faults, token = "good") {
  const server = fakeServer({ faults });
  const store = memoryStore();
  const api = createApi({ baseUrl: "http://field.test", getToken: async () => token, getBlob: store.getBlob, fetchImpl: server.fetchImpl });
  const item = createItem({ owner: "andi", now: 0, body: { kelurahan: "k1", signals: [{ category: "tawuran", severity: "tinggi", description: "d" }] },
    photos: [{ id: "p1", name: "a.jpg" }, { id: "p2", name: "b.jpg" }] });
  await store.put(item);
  await store.putBlob("p1", new Blob(["one"], { type: "image/jpeg" }));
  await store.putBlob("p2", new Blob(["two!"], { type: "image/jpeg" }));
  return { server, store, api, item };
}

async function drain(store, api, clock = { t: 0 }) {
  for (let round = 0; round < 20; round += 1) {
    await syncOnce({ store, api, owner: "andi", now: () => clock.t, random: () => 0.5 });
    clock.t += 600_000;
    const items = await store.all();
    if (items.every((i) => i.state === "waiting" || i.state === "failed")) return items;
  }
  return store.all();
}

test("offline, then online: one report, two photos, submitted", async () => {
  const { server, store, api } = await setup(["offline"]);
  const [item] = await drain(store, api);
  assert.equal(item.state, "waiting");
  assert.equal(server.reports.size, 1);
  assert.equal(server.photos.length, 2);
  assert.equal([...server.reports.values()][0].status, "submitted");
});

test("a 500 on the first attempt and a dropped connection after commit still give exactly one", async () => {
  const { server, store, api } = await setup(["500", "drop-after-commit", null, "drop-after-commit", null, null, "drop-after-commit"]);
  const [item] = await drain(store, api);
  assert.equal(item.state, "waiting");
  assert.equal(server.reports.size, 1, server.calls.join("\n"));
  assert.equal(server.photos.length, 2, server.calls.join("\n"));
  assert.equal(server.photos.map((p) => p.size).join(","), "3,4");
});

test("an expired token stops the pass and keeps the outbox", async () => {
  const { server, store, api } = await setup([], "stale");
  const result = await syncOnce({ store, api, owner: "andi", now: () => 0 });
  assert.deepEqual(result.auth, { code: "token_expired", message: "expired" });
  const [item] = await store.all();
  assert.equal(item.state, "saved");
  assert.equal(server.reports.size, 0);
});

test("statuses since a cursor bring the supervisor's comment to the item", async () => {
  const { server, store, api } = await setup([]);
  await drain(store, api);
  const report = [...server.reports.values()][0];
  report.status = "returned";
  report.comment = "Tambahkan jumlah peserta.";
  await refreshStatuses({ store, api, owner: "andi", now: () => 1 });
  const [item] = await store.all();
  assert.equal(item.state, "returned");
  assert.equal(item.reviewComment, "Tambahkan jumlah peserta.");
  assert.equal(await store.getMeta("statusCursor"), "c1");
});

test("twenty queued reports are each created once", async () => {
  const { server, store, api } = await setup([]);
  for (let n = 0; n < 19; n += 1) {
    await store.put(createItem({ owner: "andi", now: n + 1, body: { kelurahan: "k1", signals: [] } }));
  }
  const items = await drain(store, api);
  assert.equal(items.filter((i) => i.state === "waiting").length, 20);
  assert.equal(server.reports.size, 20);
});

const SIGNAL = { kelurahan: "k1", category: "tawuran", severity: "tinggi", description: "Ajakan tawuran." };

async function drainSignals(store, api, clock = { t: 0 }) {
  for (let round = 0; round < 20; round += 1) {
    await syncOnce({ store, api, owner: "andi", now: () => clock.t, random: () => 0.5 });
    clock.t += 600_000;
    const items = await store.all();
    if (items.every((i) => ["filed", "failed", "waiting"].includes(i.state))) return items;
  }
  return store.all();
}

test("a signal filed on its own goes through the same outbox: faults still give exactly one", async () => {
  const server = fakeServer({ faults: ["offline", "500", "drop-after-commit"] });
  const store = memoryStore();
  const api = createApi({ baseUrl: "http://field.test", getToken: async () => "good", getBlob: store.getBlob,
    fetchImpl: server.fetchImpl });
  await store.put(createSignalItem({ owner: "andi", now: 0, body: SIGNAL }));
  const [item] = await drainSignals(store, api);
  assert.equal(item.state, "filed");
  assert.equal(server.signals.size, 1, server.calls.join("\n"));
  assert.equal(server.reports.size, 0);
  assert.equal(item.serverId, 500);
  assert.deepEqual(server.calls.filter((c) => c.startsWith("POST")).length, 4);
});

test("a signal and a report with the same server id keep their own statuses", async () => {
  const server = fakeServer();
  const store = memoryStore();
  const api = createApi({ baseUrl: "http://field.test", getToken: async () => "good", getBlob: store.getBlob,
    fetchImpl: server.fetchImpl });
  await store.put(createSignalItem({ owner: "andi", now: 0, body: SIGNAL }));
  await drainSignals(store, api);
  server.signals.get(500).status = "monitored";
  server.signals.get(500).status_label = "Dipantau";
  // A report whose id equals the signal's: the report statuses must not touch the signal.
  server.reports.set(500, { id: 500, status: "approved", signals: [] });
  await refreshStatuses({ store, api, owner: "andi", now: () => 1 });
  let [item] = await store.all();
  assert.equal(item.state, "filed");
  assert.equal(item.serverStatus, "open");
  await refreshSignals({ store, api, owner: "andi", now: () => 2 });
  [item] = await store.all();
  assert.equal(item.state, "filed");
  assert.equal(item.serverStatus, "monitored");
  assert.equal(item.serverStatusLabel, "Dipantau");
});

test("a refused signal is marked for correction and is not retried", async () => {
  const server = fakeServer();
  const store = memoryStore();
  const api = createApi({ baseUrl: "http://field.test", getToken: async () => "good", getBlob: store.getBlob,
    fetchImpl: server.fetchImpl });
  await store.put(createSignalItem({ owner: "andi", now: 0, body: { ...SIGNAL, description: "" } }));
  const [item] = await drainSignals(store, api);
  assert.equal(item.state, "failed");
  assert.equal(item.createRejected, true);
  assert.deepEqual(item.lastError.fields, { description: ["wajib"] });
  assert.equal(server.signals.size, 0);
  assert.equal(server.calls.length, 1);
});
