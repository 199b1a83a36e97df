// Sambang Lapangan: the officers' offline-first app (screens, form, outbox display, sync triggers).
import {
  STATE_LABELS, apply, createItem, createSignalItem, hasWork, isEditable, isSignal, newKey,
} from "./outbox.mjs";
import {
  detailLabel, detailProblems, detailsBody, detailsHtml, hasDetails, readDetails,
} from "./details.mjs";
import { PhotoError, shrink } from "./photos.mjs";
import { DEFAULT_PATTERNS, findPersonalData, hint, participantNames } from "./redaction.mjs";
import { openStore } from "./store.mjs";
import { createApi, refreshSignals, refreshStatuses, syncOnce } from "./sync.mjs";
import { isOverdue, openTasks, refreshTasks, sendTaskActions, taskAction, withPending } from "./tasks.mjs";

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];
const esc = (value) => String(value ?? "").replace(/[&<>"']/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const FIELD_LABELS = {
  kelurahan: "Kelurahan", activity_type: "Jenis kegiatan", started_at: "Waktu mulai",
  duration_minutes: "Durasi", rw: "RW", rt: "RT", participants: "Peserta", topics: "Topik",
  articles: "Selebaran", public_summary: "Ringkasan publik", internal_notes: "Catatan internal",
  participant_names: "Nama peserta", details: "Rincian kegiatan", signals: "Sinyal deteksi dini", file: "Foto", latitude: "Lintang",
  longitude: "Bujur", accuracy_m: "Akurasi", recorded_at: "Waktu lokasi", comment: "Catatan",
  category: "Kategori", severity: "Tingkat", description: "Uraian", observed_at: "Waktu",
};
const SEVERITIES = [{ value: "rendah", label: "Rendah" }, { value: "sedang", label: "Sedang" }, { value: "tinggi", label: "Tinggi" }];
const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240];
const SYNC_EVERY_MS = 15_000;
const FUTURE_TOLERANCE_MS = 5 * 60_000;

let store;
let api;
let session = null;
let options = null;
let syncing = false;
let formTimer = null;
let current = null; // the form on screen: {itemId, values, photos, location, signals}

// -- start ---------------------------------------------------------------------------------------
async function main() {
  registerServiceWorker();
  store = await openStore();
  session = await store.getMeta("session");
  options = await store.getMeta("options");
  api = createApi({ getToken: async () => (session ? session.token : null), getBlob: (id) => store.getBlob(id) });
  window.addEventListener("online", () => { showNet(); kick(); });
  window.addEventListener("offline", showNet);
  window.addEventListener("hashchange", route);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) kick(); });
  showNet();
  await route();
  document.body.dataset.ready = "1";
  setInterval(kick, SYNC_EVERY_MS);
  if (session && !session.invalid && navigator.onLine) loadOptions().catch(() => {});
  kick();
}

function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // A new shell version took over: reload into it (the form in progress is saved on the phone).
    if (hadController) window.location.reload();
  });
  navigator.serviceWorker.register("/lapangan/sw.js", { scope: "/lapangan/" }).catch(() => {});
}

function showNet() {
  const online = navigator.onLine;
  const net = $("#net");
  net.textContent = online ? "Daring" : "Tanpa sinyal";
  net.className = `net ${online ? "on" : "off"}`;
}

function notice(message, kind = "info") {
  const box = $("#notice");
  box.textContent = message || "";
  box.className = `notice ${kind}`;
  box.hidden = !message;
}

const correctedNow = () => Date.now() + (options && options.clockOffset ? options.clockOffset : 0);

// -- routing ---------------------------------------------------------------------------------------
async function route() {
  const hash = window.location.hash || "#/";
  if (!session || session.invalid) return renderSignIn();
  if (hash === "#/baru") return renderForm(null);
  if (hash === "#/sinyal") return renderSignalForm(null);
  const editSignal = hash.match(/^#\/sinyal\/ubah\/([\w-]+)$/);
  if (editSignal) return renderSignalForm(editSignal[1]);
  const edit = hash.match(/^#\/ubah\/([\w-]+)$/);
  if (edit) return renderForm(edit[1]);
  const task = hash.match(/^#\/tugas\/(\d+)$/);
  if (task) return renderTask(Number(task[1]));
  return renderHome();
}

function go(hash) {
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

// -- sign-in -----------------------------------------------------------------------------------------
async function renderSignIn(message) {
  const items = await store.all();
  const pending = items.filter((i) => hasWork(i) || i.state === "failed");
  const invalid = session && session.invalid;
  let reason = message || "";
  if (!reason && invalid) {
    reason = invalid.code === "token_expired"
      ? "Masa masuk Anda sudah habis. Silakan masuk lagi. Laporan yang tersimpan di ponsel tidak hilang."
      : "Akses Anda tidak berlaku lagi (dicabut atau tidak dikenal). Silakan masuk lagi. Laporan yang tersimpan di ponsel tidak hilang.";
  }
  $("#app").innerHTML = `
    <section class="card">
      <h2>Masuk</h2>
      <p>Gunakan akun admin Anda (nama pengguna dan kata sandi). Setelah masuk sekali, aplikasi bekerja tanpa sinyal.</p>
      ${reason ? `<p class="error" role="alert" id="signin-reason">${esc(reason)}</p>` : ""}
      ${pending.length ? `<p class="info" id="pending-note">${howMany(pending)} tersimpan di ponsel menunggu dikirim.</p>` : ""}
      <form id="signin" novalidate>
        <label for="s-user">Nama pengguna</label>
        <input id="s-user" name="username" autocomplete="username" autocapitalize="none" required
          value="${esc(invalid ? session.username : "")}">
        <label for="s-pass">Kata sandi</label>
        <input id="s-pass" name="password" type="password" autocomplete="current-password" required>
        <p id="signin-error" class="error" role="alert"></p>
        <button type="submit" class="primary">Masuk</button>
      </form>
    </section>`;
  $("#signin").addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = $("#signin-error");
    const username = $("#s-user").value.trim();
    const password = $("#s-pass").value;
    if (!username || !password) { error.textContent = "Isi nama pengguna dan kata sandi."; return; }
    const others = (await store.all()).filter((i) => i.owner !== username && (hasWork(i) || i.state === "failed"));
    if (others.length) {
      error.textContent = `Ponsel ini masih menyimpan ${others.length} laporan milik ${others[0].owner} yang belum terkirim. `
        + `Masuk sebagai ${others[0].owner} agar laporan itu terkirim.`;
      return;
    }
    error.textContent = "Memeriksa…";
    const result = await api.request("POST", "/api/v1/field/auth/token/", { json: { username, password } });
    if (result.networkError) { error.textContent = "Tidak ada sinyal. Masuk memerlukan internet; coba lagi saat ada sinyal."; return; }
    if (result.status !== 200) { error.textContent = describe(result, "Gagal masuk."); return; }
    const data = result.data;
    if (!data.officer) { error.textContent = "Akun ini bukan akun Bhabinkamtibmas; aplikasi lapangan untuk petugas."; return; }
    session = { token: data.token, username: data.username, expiresAt: data.expires_at, officer: data.officer,
      kelurahan: data.kelurahan };
    await store.setMeta("session", session);
    try { await loadOptions(); } catch { /* the form falls back to what the session holds */ }
    notice("");
    go("#/");
    kick();
  });
}

async function loadOptions() {
  const started = Date.now();
  const result = await api.request("GET", "/api/v1/field/options/");
  if (result.status === 401) return handleAuth({ code: result.code, message: result.message });
  if (result.status !== 200) throw new Error(result.message || "options");
  const roundTrip = Date.now() - started;
  const data = result.data;
  data.clockOffset = Date.parse(data.server_time) - (started + roundTrip / 2);
  options = data;
  await store.setMeta("options", data);
  session = { ...session, kelurahan: data.kelurahan, officer: data.officer };
  await store.setMeta("session", session);
  return data;
}

async function handleAuth(auth) {
  if (!session) return;
  session = { ...session, invalid: { code: auth.code || "authentication_failed", message: auth.message || "" } };
  await store.setMeta("session", session);
  go("#/");
}

async function signOut() {
  const items = await store.all();
  const unsentItems = items.filter((i) => hasWork(i) || i.state === "failed");
  const unsent = unsentItems.length;
  const question = unsent
    ? `${howMany(unsentItems)} belum terkirim dan akan TERHAPUS dari ponsel ini. Tetap keluar?`
    : "Keluar dan hapus semua data aplikasi dari ponsel ini?";
  if (!window.confirm(question)) return;
  if (navigator.onLine && session && !session.invalid) {
    await Promise.race([api.request("DELETE", "/api/v1/field/auth/token/"), new Promise((r) => setTimeout(r, 3000))]);
  }
  await store.wipe();
  session = null;
  window.location.hash = "";
  window.location.reload();
}

// -- home: the outbox ------------------------------------------------------------------------------
// "2 laporan", "1 sinyal", "2 laporan dan 1 sinyal".
function howMany(items) {
  const signals = items.filter(isSignal).length;
  const reports = items.length - signals;
  return [reports ? `${reports} laporan` : "", signals ? `${signals} sinyal` : ""].filter(Boolean).join(" dan ");
}

function labelOf(list, value) {
  const found = (list || []).find((o) => o.value === value || o.code === value);
  return found ? found.label || found.name : value;
}

function when(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleString("id-ID", { weekday: "short", day: "numeric",
    month: "short", hour: "2-digit", minute: "2-digit" });
}

async function renderHome() {
  const items = (await store.all()).filter((i) => i.owner === session.username).sort((a, b) => b.createdAt - a.createdAt);
  const draft = await store.getMeta("form");
  const signalDraft = await store.getMeta("signalForm");
  const tasksHtml = await tasksSection();
  // A sync finishing while the officer opens a form must not paint the list over the form.
  if ((window.location.hash || "#/") !== "#/") return;
  const waitingToSend = items.filter((i) => ["saved", "sent", "sending"].includes(i.state));
  const o = options || {};
  $("#app").innerHTML = `
    <section class="who">
      <p><strong>${esc(session.officer ? `${session.officer.rank} ${session.officer.name}` : session.username)}</strong><br>
      <span class="muted">${esc((session.kelurahan || []).map((k) => k.name).join(", "))}</span></p>
    </section>
    <a class="primary big" href="#/baru" id="new-report">${draft && !draft.itemId ? "Lanjutkan laporan yang belum selesai" : "+ Laporan baru"}</a>
    <a class="button big" href="#/sinyal" id="new-signal">${signalDraft && !signalDraft.itemId ? "Lanjutkan sinyal dini yang belum selesai" : "+ Sinyal dini (tanpa laporan)"}</a>
    ${tasksHtml}
    <section class="sync" aria-live="polite">
      <p id="sync-status">${waitingToSend.length ? `${howMany(waitingToSend)} menunggu dikirim${navigator.onLine ? "" : " (tanpa sinyal: dikirim otomatis saat ada sinyal)"}.` : "Semua laporan sudah terkirim."}</p>
      <div class="row">
        <button type="button" id="sync-now">Kirim sekarang</button>
        <button type="button" id="refresh">Perbarui status</button>
      </div>
    </section>
    <h2 class="list-title">Laporan dan sinyal saya</h2>
    <ul class="outbox" id="outbox">
      ${items.length ? items.map((item) => card(item, o)).join("") : '<li class="empty">Belum ada laporan di ponsel ini.</li>'}
    </ul>
    <footer class="foot">
      <button type="button" id="sign-out" class="link">Keluar dan hapus data di ponsel</button>
      <p class="muted small">Versi ${esc(document.body.dataset.version)}</p>
    </footer>`;
  $("#sync-now").addEventListener("click", () => kick(true));
  $("#refresh").addEventListener("click", () => kick(true));
  $("#sign-out").addEventListener("click", signOut);
}

function retryNote(item) {
  return item.lastError && ["saved", "sent"].includes(item.state) && item.nextAttemptAt
    ? `<p class="muted small">Dicoba lagi otomatis sekitar ${new Date(item.nextAttemptAt).toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" })}.</p>` : "";
}

function signalCard(item, o) {
  const body = item.body;
  const kel = (session.kelurahan || []).find((k) => k.code === body.kelurahan);
  return `<li class="card item signal-item state-${item.state}" data-id="${esc(item.id)}" data-kind="signal" data-state="${item.state}">
    <div class="title">Sinyal dini · ${esc(labelOf(o.signal_categories, body.category))} · ${esc(labelOf(o.severities || SEVERITIES, body.severity))}</div>
    <div class="muted small">${esc(kel ? kel.name : body.kelurahan)} · ${esc(when(body.observed_at))}${item.serverId ? ` · No. ${item.serverId}` : ""}</div>
    <span class="badge">${esc(STATE_LABELS[item.state])}</span>
    ${item.serverStatusLabel ? `<span class="small follow-up">Tindak lanjut: ${esc(item.serverStatusLabel)}</span>` : ""}
    ${item.state === "failed" && item.lastError ? `<p class="error">${esc(errorText(item.lastError))}</p>` : ""}
    ${retryNote(item)}
    ${isEditable(item) ? `<a class="button" href="#/sinyal/ubah/${esc(item.id)}">Ubah</a>` : ""}
  </li>`;
}

function card(item, o) {
  if (isSignal(item)) return signalCard(item, o);
  const body = item.body;
  const kel = (session.kelurahan || []).find((k) => k.code === body.kelurahan);
  const photos = item.photos.length;
  const signals = (body.signals || []).length;
  const retry = retryNote(item);
  return `<li class="card item state-${item.state}" data-id="${esc(item.id)}" data-state="${item.state}">
    <div class="title">${esc(labelOf(o.activity_types, body.activity_type))} · ${esc(kel ? kel.name : body.kelurahan)}</div>
    <div class="muted small">${esc(when(body.started_at))} · ${photos} foto · ${signals} sinyal${item.serverId ? ` · No. ${item.serverId}` : ""}</div>
    <span class="badge">${esc(STATE_LABELS[item.state])}</span>
    ${item.state === "returned" ? `<p class="comment"><strong>Catatan pengawas:</strong> ${esc(item.reviewComment)}</p>` : ""}
    ${item.state === "failed" && item.lastError ? `<p class="error">${esc(errorText(item.lastError))}</p>` : ""}
    ${retry}
    ${isEditable(item) && item.state !== "sending" ? `<a class="button" href="#/ubah/${esc(item.id)}">${item.state === "returned" ? "Perbaiki dan ajukan lagi" : "Ubah"}</a>` : ""}
  </li>`;
}

function errorText(error) {
  const fields = error.fields || {};
  const label = (name) => FIELD_LABELS[name] || (name.startsWith("details.") ? `${FIELD_LABELS.details} (${detailLabel(name.slice(8))})` : name);
  const parts = Object.entries(fields).map(([name, messages]) => `${label(name)}: ${[].concat(messages).flat().map((m) => (typeof m === "object" ? Object.values(m).flat().join(" ") : m)).join(" ")}`);
  let text = parts.length ? parts.join(" · ") : (error.message || "Server menolak laporan ini.");
  if (fields.started_at) text += " Periksa tanggal dan jam ponsel.";
  return text;
}

function describe(result, fallback) {
  return errorText({ message: result.message || fallback, fields: result.fields || {} });
}

// -- the report form ----------------------------------------------------------------------------------
function localInputValue(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function emptyValues() {
  const kel = session.kelurahan || [];
  // The officer's own unit's types only (options.activity_types); the last one used if it is one.
  const types = ((options || {}).activity_types || []).map((t) => t.value);
  const last = localStorage.getItem("lastActivity");
  return {
    kelurahan: kel.length === 1 ? kel[0].code : (localStorage.getItem("lastKelurahan") || ""),
    activity_type: !types.length || types.includes(last) ? (last || "sambang") : types[0],
    details: {},
    started_at: localInputValue(correctedNow()),
    duration_minutes: "60", rw: "", rt: "", participants: {}, topics: [], articles: [],
    public_summary: "", participant_names: "", internal_notes: "",
  };
}

async function renderForm(itemId) {
  const openedAt = window.location.hash;
  const item = itemId ? await store.get(itemId) : null;
  if (itemId && (!item || isSignal(item) || !isEditable(item))) {
    notice(item && item.state === "approved" ? "Laporan yang sudah disetujui tidak dapat diubah." : "Laporan ini tidak dapat diubah sekarang.", "error");
    return go("#/");
  }
  const saved = await store.getMeta("form");
  if (saved && (saved.itemId || null) === (itemId || null)) current = saved;
  else if (item) {
    current = { itemId, values: item.form, photos: item.photos.map((p) => ({ ...p })), location: item.location,
      signals: (item.form.signals || []).map((s, i) => ({ ...s, serverId: item.serverSignalIds[i] || null })) };
  }
  else current = { itemId: null, values: emptyValues(), photos: [], location: null, signals: [] };
  if (window.location.hash !== openedAt) return;  // the officer moved on while the phone was reading
  const o = options || {};
  const v = current.values;
  const kel = session.kelurahan || [];
  const skew = o.clockOffset && Math.abs(o.clockOffset) > FUTURE_TOLERANCE_MS
    ? `<p class="info">Jam ponsel berbeda ${Math.round(Math.abs(o.clockOffset) / 60000)} menit dengan server; waktu bawaan sudah disesuaikan.</p>` : "";
  $("#app").innerHTML = `
    <form id="report" class="card" novalidate>
      <h2>${item ? (item.state === "returned" ? "Perbaiki laporan" : "Ubah laporan") : "Laporan kunjungan"}</h2>
      ${item && item.state === "returned" ? `<p class="comment"><strong>Catatan pengawas:</strong> ${esc(item.reviewComment)}</p>` : ""}
      <label for="f-kelurahan">Kelurahan</label>
      <select id="f-kelurahan" name="kelurahan" required>
        ${kel.length === 1 ? "" : '<option value="">— pilih —</option>'}
        ${kel.map((k) => `<option value="${esc(k.code)}" ${k.code === v.kelurahan ? "selected" : ""}>${esc(k.name)} (${esc(k.kecamatan)})</option>`).join("")}
      </select>
      <fieldset class="chips"><legend>Jenis kegiatan</legend>
        ${(o.activity_types || [{ value: "sambang", label: "Sambang" }]).map((t) => `
          <input type="radio" name="activity_type" id="f-type-${esc(t.value)}" value="${esc(t.value)}" ${t.value === v.activity_type ? "checked" : ""}>
          <label for="f-type-${esc(t.value)}">${esc(t.label)}</label>`).join("")}
      </fieldset>
      <div id="f-details-box">${detailsHtml(v.activity_type, v.details || {}, v.kelurahan, o, esc)}</div>
      ${skew}
      <div class="row2">
        <div><label for="f-started">Mulai</label>
          <input id="f-started" name="started_at" type="datetime-local" value="${esc(v.started_at)}" required></div>
        <div><label for="f-duration">Durasi</label>
          <select id="f-duration" name="duration_minutes">
            ${DURATIONS.map((d) => `<option value="${d}" ${String(d) === String(v.duration_minutes) ? "selected" : ""}>${d < 60 ? `${d} menit` : `${d / 60} jam`}</option>`).join("")}
          </select></div>
      </div>
      <div class="row2">
        <div><label for="f-rw">RW (tempat)</label><input id="f-rw" name="rw" inputmode="numeric" maxlength="10" value="${esc(v.rw)}"></div>
        <div><label for="f-rt">RT (internal)</label><input id="f-rt" name="rt" inputmode="numeric" maxlength="10" value="${esc(v.rt)}"></div>
      </div>
      <fieldset><legend>Peserta menurut peran (jumlah)</legend>
        <div class="grid">
        ${(o.participant_roles || [{ value: "warga", label: "Warga" }]).map((r) => `
          <div class="count"><label for="f-p-${esc(r.value)}">${esc(r.label)}</label>
          <input id="f-p-${esc(r.value)}" name="p-${esc(r.value)}" type="number" inputmode="numeric" min="0" max="5000" value="${esc(v.participants[r.value] || "")}"></div>`).join("")}
        </div>
      </fieldset>
      <fieldset class="chips" id="f-topics"><legend>Topik yang disampaikan</legend>
        ${(o.topics || []).map((t) => `
          <input type="checkbox" name="topics" id="f-topic-${esc(t.slug)}" value="${esc(t.slug)}" ${v.topics.includes(t.slug) ? "checked" : ""}>
          <label for="f-topic-${esc(t.slug)}">${esc(t.name)}</label>`).join("") || '<p class="muted small">Daftar topik dimuat saat ada sinyal.</p>'}
      </fieldset>
      <details ${v.articles.length ? "open" : ""}><summary>Selebaran/artikel yang dibagikan (${v.articles.length})</summary>
        <div class="checks">
        ${(o.articles || []).map((a) => `
          <div><input type="checkbox" name="articles" id="f-article-${a.id}" value="${a.id}" ${v.articles.includes(a.id) ? "checked" : ""}>
          <label for="f-article-${a.id}">${esc(a.title)}</label></div>`).join("")}
        </div>
      </details>
      <label for="f-summary">Ringkasan publik <span class="muted small">(akan dipublikasikan setelah disetujui; tanpa nama, NIK, nomor telepon)</span></label>
      <textarea id="f-summary" name="public_summary" rows="4" required aria-describedby="summary-hint">${esc(v.public_summary)}</textarea>
      <p id="summary-hint" class="warn" aria-live="polite"></p>
      <label for="f-names">Nama peserta <span class="muted small">(internal, bila perlu; satu per baris)</span></label>
      <textarea id="f-names" name="participant_names" rows="2">${esc(v.participant_names)}</textarea>
      <label for="f-notes">Catatan internal <span class="muted small">(tidak dipublikasikan)</span></label>
      <textarea id="f-notes" name="internal_notes" rows="3">${esc(v.internal_notes)}</textarea>
      <fieldset><legend>Foto</legend>
        <ul id="photo-list" class="photos"></ul>
        <label for="f-photos" class="button">Tambah foto (kamera atau galeri)</label>
        <input id="f-photos" type="file" accept="image/*" multiple class="visually-hidden">
        <p id="photo-error" class="error" role="alert"></p>
      </fieldset>
      <fieldset><legend>Lokasi GPS (privat, tidak pernah dipublikasikan)</legend>
        <p id="gps-status" class="small"></p>
        <button type="button" id="f-gps">Ambil lokasi sekarang</button>
        <button type="button" id="f-gps-clear" class="link">Hapus lokasi</button>
      </fieldset>
      <fieldset><legend>Sinyal deteksi dini (internal)</legend>
        <div id="signals"></div>
        <button type="button" id="f-add-signal">+ Tambah sinyal</button>
      </fieldset>
      <p id="form-error" class="error" role="alert"></p>
      <div class="actions">
        <button type="submit" id="f-save" class="primary">Simpan dan kirim</button>
        <button type="button" id="f-cancel" class="link">Batal</button>
      </div>
    </form>`;
  renderPhotos();
  renderSignals();
  renderGps();
  updateHint();
  const form = $("#report");
  form.addEventListener("input", () => { updateHint(); autosave(); });
  form.addEventListener("change", (event) => {
    // The details section follows the chosen type and kelurahan (posts and forums are per kelurahan).
    if (event.target && (event.target.name === "activity_type" || event.target.name === "kelurahan")) {
      readForm();
      $("#f-details-box").innerHTML = detailsHtml(current.values.activity_type, current.values.details, current.values.kelurahan, options || {}, esc);
    }
    updateHint();
    autosave();
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); save(); });
  $("#f-photos").addEventListener("change", addPhotos);
  $("#f-gps").addEventListener("click", takeLocation);
  $("#f-gps-clear").addEventListener("click", () => { current.location = null; renderGps(); autosave(); });
  $("#f-add-signal").addEventListener("click", () => {
    readForm();
    current.signals.push({ category: "", severity: "sedang", description: "", serverId: null });
    renderSignals();
    autosave();
    $$(".s-category").at(-1).focus();
  });
  $("#f-cancel").addEventListener("click", cancelForm);
  // The keyboard opens on the first thing to type (the place); kelurahan, type and time are preset.
  if (!itemId) $("#f-rw").focus();
}

function readForm() {
  const form = $("#report");
  if (!form) return current;
  const data = new FormData(form);
  const participants = {};
  for (const [name, value] of data.entries()) {
    if (name.startsWith("p-") && String(value).trim() !== "") participants[name.slice(2)] = String(value).trim();
  }
  current.values = {
    kelurahan: data.get("kelurahan") || "",
    activity_type: data.get("activity_type") || "",
    started_at: data.get("started_at") || "",
    duration_minutes: data.get("duration_minutes") || "60",
    rw: (data.get("rw") || "").trim(),
    rt: (data.get("rt") || "").trim(),
    participants,
    topics: data.getAll("topics"),
    articles: data.getAll("articles").map(Number),
    public_summary: data.get("public_summary") || "",
    participant_names: data.get("participant_names") || "",
    internal_notes: data.get("internal_notes") || "",
    // Kept per type while the officer switches types; only the chosen type's are sent.
    details: { ...((current.values && current.values.details) || {}), ...readDetails(data.get("activity_type") || "", data.entries()) },
  };
  current.signals = $$(".signal").map((box, i) => ({
    category: $(".s-category", box).value,
    severity: ($(".s-severity:checked", box) || {}).value || "",
    description: $(".s-description", box).value,
    serverId: current.signals[i] ? current.signals[i].serverId || null : null,
  }));
  return current;
}

function autosave() {
  clearTimeout(formTimer);
  formTimer = setTimeout(() => { readForm(); store.setMeta("form", current); }, 250);
}

function updateHint() {
  const summaryBox = $("#f-summary");
  if (!summaryBox) return;
  const patterns = (options && options.redaction) || DEFAULT_PATTERNS;
  const findings = findPersonalData(summaryBox.value, participantNames($("#f-names").value), patterns);
  $("#summary-hint").textContent = hint(findings);
  summaryBox.setAttribute("aria-invalid", findings.length ? "true" : "false");
}

function renderPhotos() {
  const list = $("#photo-list");
  list.innerHTML = current.photos.map((p, i) => `<li data-photo="${esc(p.id)}">
      <img alt="Foto ${i + 1}" data-blob="${esc(p.id)}" width="72" height="72">
      <span class="small">${p.width}×${p.height}${p.sent ? " · terkirim" : ""}${p.rejected ? ` · ditolak: ${esc(p.rejected)}` : ""}</span>
      ${p.sent ? "" : `<button type="button" class="link" data-remove-photo="${esc(p.id)}">Hapus</button>`}
    </li>`).join("");
  $$("img[data-blob]", list).forEach(async (img) => {
    const blob = await store.getBlob(img.dataset.blob);
    if (blob) img.src = URL.createObjectURL(blob);
  });
  $$("[data-remove-photo]", list).forEach((button) => button.addEventListener("click", () => {
    current.photos = current.photos.filter((p) => p.id !== button.dataset.removePhoto);
    renderPhotos();
    autosave();
  }));
}

async function addPhotos(event) {
  const files = [...event.target.files];
  const error = $("#photo-error");
  error.textContent = "";
  const problems = [];
  for (const file of files) {
    try {
      const photo = await shrink(file);
      const id = newKey();
      await store.putBlob(id, photo.blob);
      current.photos.push({ id, name: photo.name, size: photo.blob.size, width: photo.width, height: photo.height });
    } catch (err) {
      problems.push(err instanceof PhotoError ? err.message : `“${file.name}” tidak dapat diproses.`);
    }
  }
  event.target.value = "";
  error.textContent = problems.join(" ");
  readForm();
  await store.setMeta("form", current);
  renderPhotos();
}

function renderGps() {
  const status = $("#gps-status");
  const loc = current.location;
  status.textContent = loc ? `Tersimpan: ±${loc.accuracy_m} m (${Number(loc.latitude).toFixed(5)}, ${Number(loc.longitude).toFixed(5)})` : "Belum ada lokasi (tidak wajib).";
  $("#f-gps-clear").hidden = !loc;
}

function takeLocation() {
  const status = $("#gps-status");
  if (!("geolocation" in navigator)) { status.textContent = "Ponsel ini tidak menyediakan GPS."; return; }
  status.textContent = "Mencari lokasi…";
  navigator.geolocation.getCurrentPosition((position) => {
    current.location = {
      latitude: Number(position.coords.latitude.toFixed(6)),
      longitude: Number(position.coords.longitude.toFixed(6)),
      accuracy_m: Math.round(position.coords.accuracy),
      recorded_at: new Date(position.timestamp || Date.now()).toISOString(),
    };
    renderGps();
    autosave();
  }, (err) => {
    status.textContent = err.code === 1 ? "Izin lokasi ditolak; laporan tetap bisa dikirim tanpa lokasi." : "Lokasi tidak didapat; coba lagi di tempat terbuka.";
  }, { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 });
}

function renderSignals() {
  const o = options || {};
  const box = $("#signals");
  box.innerHTML = current.signals.map((s, i) => `
    <div class="signal card" data-index="${i}">
      <label for="s-category-${i}">Kategori sinyal ${i + 1}</label>
      <select id="s-category-${i}" class="s-category">
        <option value="">— pilih —</option>
        ${(o.signal_categories || []).map((c) => `<option value="${esc(c.value)}" ${c.value === s.category ? "selected" : ""}>${esc(c.label)}</option>`).join("")}
      </select>
      <fieldset class="chips"><legend>Tingkat</legend>
        ${(o.severities || [{ value: "rendah", label: "Rendah" }, { value: "sedang", label: "Sedang" }, { value: "tinggi", label: "Tinggi" }]).map((sev) => `
          <input type="radio" class="s-severity" name="severity-${i}" id="s-sev-${i}-${esc(sev.value)}" value="${esc(sev.value)}" ${sev.value === s.severity ? "checked" : ""}>
          <label for="s-sev-${i}-${esc(sev.value)}">${esc(sev.label)}</label>`).join("")}
      </fieldset>
      <label for="s-description-${i}">Uraian (internal)</label>
      <textarea id="s-description-${i}" class="s-description" rows="2">${esc(s.description)}</textarea>
      ${s.serverId ? "" : `<button type="button" class="link" data-remove-signal="${i}">Hapus sinyal</button>`}
    </div>`).join("");
  $$("[data-remove-signal]", box).forEach((button) => button.addEventListener("click", () => {
    readForm();
    current.signals.splice(Number(button.dataset.removeSignal), 1);
    renderSignals();
    autosave();
  }));
}

function validate(values, signals) {
  const problems = [];
  const kel = session.kelurahan || [];
  if (!kel.some((k) => k.code === values.kelurahan)) problems.push("Pilih kelurahan tugas Anda.");
  if (!values.activity_type) problems.push("Pilih jenis kegiatan.");
  const started = new Date(values.started_at).getTime();
  if (Number.isNaN(started)) problems.push("Isi waktu mulai.");
  else if (started > correctedNow() + FUTURE_TOLERANCE_MS) problems.push("Waktu mulai tidak boleh di masa depan. Periksa tanggal dan jam ponsel.");
  else if (started < correctedNow() - 366 * 86_400_000) problems.push("Waktu mulai lebih dari setahun yang lalu.");
  for (const [role, count] of Object.entries(values.participants)) {
    const n = Number(count);
    if (!Number.isInteger(n) || n < 0 || n > 5000) problems.push(`Jumlah peserta (${role}) harus 0–5000.`);
  }
  if (!values.public_summary.trim()) problems.push("Ringkasan publik wajib diisi.");
  problems.push(...detailProblems(values.activity_type, values.details || {}, values.kelurahan, options || {}));
  signals.forEach((s, i) => {
    if (!s.category || !s.severity || !s.description.trim()) problems.push(`Sinyal ${i + 1}: isi kategori, tingkat dan uraian.`);
  });
  return problems;
}

function toBody(values, signals) {
  return {
    kelurahan: values.kelurahan,
    activity_type: values.activity_type,
    started_at: new Date(values.started_at).toISOString(),
    duration_minutes: Number(values.duration_minutes),
    rw: values.rw,
    rt: values.rt,
    participants: Object.entries(values.participants).filter(([, c]) => Number(c) > 0)
      .map(([role, count]) => ({ role, count: Number(count) })),
    topics: values.topics,
    articles: values.articles,
    public_summary: values.public_summary.trim(),
    participant_names: values.participant_names,
    internal_notes: values.internal_notes,
    ...(hasDetails(values.activity_type) ? { details: detailsBody(values.activity_type, values.details || {}) } : {}),
    signals: signals.map((s) => ({ category: s.category, severity: s.severity, description: s.description.trim() })),
  };
}

async function save() {
  readForm();
  const problems = validate(current.values, current.signals);
  const error = $("#form-error");
  if (problems.length) {
    error.textContent = problems.join(" ");
    error.focus?.();
    return;
  }
  const body = toBody(current.values, current.signals);
  const form = { ...current.values, signals: current.signals };
  const photos = current.photos.map(({ id, name, size, width, height }) => ({ id, name, size, width, height }));
  let item;
  if (current.itemId) {
    const old = await store.get(current.itemId);
    try {
      item = apply(old, { type: "edit", body, photos, location: current.location }, Date.now());
    } catch (err) {
      error.textContent = err.message;
      return;
    }
    item.form = form;
    const removed = old.photos.filter((p) => !photos.some((q) => q.id === p.id));
    for (const p of removed) await store.removeBlob(p.id);
  } else {
    item = createItem({ owner: session.username, body, photos, location: current.location, now: Date.now() });
    item.form = form;
  }
  await store.put(item);
  await store.deleteMeta("form");
  localStorage.setItem("lastKelurahan", current.values.kelurahan);
  localStorage.setItem("lastActivity", current.values.activity_type);
  current = null;
  notice(navigator.onLine ? "Laporan disimpan dan sedang dikirim." : "Laporan tersimpan di ponsel; dikirim otomatis saat ada sinyal.", "ok");
  go("#/");
  kick(true);
}

async function cancelForm() {
  readForm();
  if (!window.confirm("Buang perubahan pada formulir ini?")) return;
  const keep = new Set();
  if (current.itemId) {
    const item = await store.get(current.itemId);
    (item ? item.photos : []).forEach((p) => keep.add(p.id));
  }
  for (const p of current.photos) if (!keep.has(p.id)) await store.removeBlob(p.id);
  await store.deleteMeta("form");
  current = null;
  go("#/");
}

// -- an early-warning signal on its own ("Sinyal dini", no visit report) -------------------------------
async function renderSignalForm(itemId) {
  const openedAt = window.location.hash;
  const item = itemId ? await store.get(itemId) : null;
  if (itemId && (!item || !isSignal(item) || !isEditable(item))) {
    notice("Sinyal ini sudah dikirim atau sedang dikirim; tidak dapat diubah.", "error");
    return go("#/");
  }
  const kel = session.kelurahan || [];
  const saved = await store.getMeta("signalForm");
  let values;
  if (saved && (saved.itemId || null) === (itemId || null)) values = saved.values;
  else if (item) values = { ...item.body };
  else {
    values = { kelurahan: kel.length === 1 ? kel[0].code : (localStorage.getItem("lastKelurahan") || ""),
      category: "", severity: "", description: "" };
  }
  if (window.location.hash !== openedAt) return;  // the officer moved on while the phone was reading
  const o = options || {};
  $("#app").innerHTML = `
    <form id="signal-form" class="card signal" novalidate>
      <h2>Sinyal deteksi dini</h2>
      <p class="muted small">Tanpa laporan kunjungan. Internal: tidak dipublikasikan; sinyal tingkat tinggi langsung diberitahukan ke pengawas dan pimpinan.</p>
      <label for="sd-kelurahan">Kelurahan</label>
      <select id="sd-kelurahan" name="kelurahan" required>
        ${kel.length === 1 ? "" : '<option value="">— pilih —</option>'}
        ${kel.map((k) => `<option value="${esc(k.code)}" ${k.code === values.kelurahan ? "selected" : ""}>${esc(k.name)} (${esc(k.kecamatan)})</option>`).join("")}
      </select>
      <label for="sd-category">Kategori</label>
      <select id="sd-category" name="category" required>
        <option value="">— pilih —</option>
        ${(o.signal_categories || []).map((c) => `<option value="${esc(c.value)}" ${c.value === values.category ? "selected" : ""}>${esc(c.label)}</option>`).join("")}
      </select>
      <fieldset class="chips"><legend>Tingkat</legend>
        ${(o.severities || SEVERITIES).map((sev) => `
          <input type="radio" name="severity" id="sd-sev-${esc(sev.value)}" value="${esc(sev.value)}" ${sev.value === values.severity ? "checked" : ""}>
          <label for="sd-sev-${esc(sev.value)}">${esc(sev.label)}</label>`).join("")}
      </fieldset>
      <label for="sd-description">Uraian (internal)</label>
      <textarea id="sd-description" name="description" rows="4" required>${esc(values.description)}</textarea>
      <p id="sd-error" class="error" role="alert"></p>
      <div class="actions">
        <button type="submit" id="sd-save" class="primary">Simpan dan kirim</button>
        <button type="button" id="sd-cancel" class="link">Batal</button>
      </div>
    </form>`;
  const form = $("#signal-form");
  const read = () => {
    const data = new FormData(form);
    return { ...values, kelurahan: data.get("kelurahan") || "", category: data.get("category") || "",
      severity: data.get("severity") || "", description: data.get("description") || "" };
  };
  const keep = () => {
    clearTimeout(formTimer);
    formTimer = setTimeout(() => store.setMeta("signalForm", { itemId, values: read() }), 250);
  };
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  $("#sd-cancel").addEventListener("click", async () => {
    if (!window.confirm("Buang sinyal ini?")) return;
    clearTimeout(formTimer);
    await store.deleteMeta("signalForm");
    go("#/");
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearTimeout(formTimer);
    const v = read();
    const problems = [];
    if (!kel.some((k) => k.code === v.kelurahan)) problems.push("Pilih kelurahan tugas Anda.");
    if (!v.category) problems.push("Pilih kategori.");
    if (!v.severity) problems.push("Pilih tingkat.");
    if (!v.description.trim()) problems.push("Uraian wajib diisi.");
    if (problems.length) { $("#sd-error").textContent = problems.join(" "); return; }
    const body = { kelurahan: v.kelurahan, category: v.category, severity: v.severity,
      description: v.description.trim(), observed_at: v.observed_at || new Date(correctedNow()).toISOString() };
    let next;
    try {
      next = item ? apply(item, { type: "edit", body }, Date.now())
        : createSignalItem({ owner: session.username, body, now: Date.now() });
    } catch (err) {
      $("#sd-error").textContent = err.message;
      return;
    }
    await store.put(next);
    await store.deleteMeta("signalForm");
    localStorage.setItem("lastKelurahan", v.kelurahan);
    notice(navigator.onLine ? "Sinyal disimpan dan sedang dikirim." : "Sinyal tersimpan di ponsel; dikirim otomatis saat ada sinyal.", "ok");
    go("#/");
    kick(true);
  });
  if (!itemId) $("#sd-category").focus();
}

// -- tasks from the head of the unit or leadership ("Tugas") --------------------------------------------
const TASK_STATUS = { open: "Terbuka", in_progress: "Sedang dikerjakan", done: "Selesai", cancelled: "Dibatalkan",
  done_pending: "Selesai (menunggu dikirim)" };
const today = () => new Date(correctedNow()).toLocaleDateString("sv-SE");
const day = (iso) => (iso ? new Date(`${iso}T00:00:00`).toLocaleDateString("id-ID", { day: "numeric", month: "short", year: "numeric" }) : "");

async function cachedTasks() {
  const cached = (await store.getMeta("tasks")) || { results: [] };
  const actions = (await store.getMeta("taskActions")) || [];
  return { tasks: cached.results.map((t) => withPending(t, actions)), fetchedAt: cached.fetchedAt };
}

async function tasksSection() {
  const { tasks } = await cachedTasks();
  const open = openTasks(tasks);
  if (!tasks.length) return "";
  const now = today();
  return `<section class="tasks" aria-labelledby="tasks-title">
    <h2 class="list-title" id="tasks-title">Tugas saya (${open.length})</h2>
    <ul class="outbox" id="tasks">
      ${open.length ? open.map((t) => `<li class="card item task-item${isOverdue(t, now) ? " overdue" : ""}" data-task="${t.id}">
        <a href="#/tugas/${t.id}" class="title">${esc(t.activity_type_label)}${t.kelurahan ? ` · ${esc(t.kelurahan.name)}` : ""}</a>
        <div class="muted small">Batas ${esc(day(t.due_date))} · dari ${esc(t.assigned_by)}</div>
        <span class="badge">${esc(TASK_STATUS[t.status] || t.status)}</span>${isOverdue(t, now) ? ' <span class="badge late">Terlambat</span>' : ""}
      </li>`).join("") : '<li class="empty">Tidak ada tugas terbuka.</li>'}
    </ul>
  </section>`;
}

async function renderTask(id) {
  const openedAt = window.location.hash;
  const { tasks } = await cachedTasks();
  if (window.location.hash !== openedAt) return;
  const t = tasks.find((x) => x.id === id);
  if (!t) {
    $("#app").innerHTML = `<section class="card"><p>Tugas ini belum ada di ponsel. Buka lagi saat ada sinyal.</p><a class="button" href="#/">Kembali</a></section>`;
    return;
  }
  const working = t.can_work && ["open", "in_progress"].includes(t.status);
  const failed = (t.pending || []).filter((a) => a.state === "failed");
  $("#app").innerHTML = `
    <section class="card task" id="task" data-task="${t.id}" data-status="${esc(t.status)}">
      <a href="#/" class="link">← Kembali</a>
      <h2>${esc(t.activity_type_label)}${t.kelurahan ? ` · ${esc(t.kelurahan.name)}` : ""}</h2>
      <p><span class="badge" id="task-status">${esc(TASK_STATUS[t.status] || t.status)}</span>${isOverdue(t, today()) ? ' <span class="badge late">Terlambat</span>' : ""}</p>
      <p class="small">Batas: <strong>${esc(day(t.due_date))}</strong>${t.place ? ` · ${esc(t.place)}` : ""}<br>Dari: ${esc(t.assigned_by)} · Untuk: ${esc(t.assignee.name)}</p>
      <p class="comment" id="task-instructions">${esc(t.instructions)}</p>
      ${failed.map((a) => `<p class="error">Ditolak server: ${esc(a.error)}</p>`).join("")}
      <h3>Linimasa</h3>
      <ol class="timeline" id="task-timeline">${t.events.map((e) => `<li class="small${e.pending ? " pending" : ""}"><strong>${esc(e.label)}</strong>${e.by ? ` · ${esc(e.by)}` : ""} · ${esc(when(e.at))}${e.pending ? " · menunggu dikirim" : ""}${e.text ? `<br>${esc(e.text)}` : ""}</li>`).join("")}</ol>
      <form id="task-comment-form" novalidate>
        <label for="t-comment">Komentar</label>
        <textarea id="t-comment" rows="2"></textarea>
        <p class="error" id="t-comment-error" role="alert"></p>
        <button type="submit" id="t-comment-send">Kirim komentar</button>
      </form>
      ${working && t.status === "open" ? '<button type="button" id="t-start" class="button">Mulai mengerjakan</button>' : ""}
      ${working ? `<form id="task-complete-form" novalidate>
        <label for="t-report">Laporan kegiatan yang memenuhi tugas</label>
        ${t.candidate_reports.length ? `<select id="t-report">${t.candidate_reports.map((r) => `<option value="${r.id}">${esc(r.label)}</option>`).join("")}</select>
        <button type="submit" class="primary" id="t-complete">Selesaikan tugas</button>`
    : '<p class="muted small" id="t-no-report">Laporkan kegiatannya dan ajukan; laporan itu muncul di sini setelah terkirim.</p>'}
      </form>` : ""}
    </section>`;
  const queue = async (kind, body) => {
    const actions = (await store.getMeta("taskActions")) || [];
    actions.push(taskAction({ taskId: t.id, kind, body, now: Date.now() }));
    await store.setMeta("taskActions", actions);
    notice(navigator.onLine ? "Disimpan dan sedang dikirim." : "Tersimpan di ponsel; dikirim otomatis saat ada sinyal.", "ok");
    await renderTask(id);
    kick(true);
  };
  $("#task-comment-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("#t-comment").value.trim();
    if (!text) { $("#t-comment-error").textContent = "Tulis komentar terlebih dahulu."; return; }
    queue("comment", { text });
  });
  $("#t-start")?.addEventListener("click", () => queue("start", {}));
  $("#task-complete-form")?.addEventListener("submit", (event) => {
    event.preventDefault();
    const select = $("#t-report");
    if (!select) return;
    queue("complete", { report: Number(select.value) });
  });
}

// -- sync ------------------------------------------------------------------------------------------
async function withLock(fn) {
  if (navigator.locks && navigator.locks.request) return navigator.locks.request("sambang-outbox", fn);
  return fn();
}

async function kick(force = false) {
  if (!session || session.invalid || syncing || !navigator.onLine) return;
  syncing = true;
  try {
    await withLock(async () => {
      if (force) {
        for (const item of await store.all()) {
          if (item.nextAttemptAt > Date.now()) await store.put({ ...item, nextAttemptAt: 0 });
        }
      }
      const onChange = () => { if ((window.location.hash || "#/") === "#/") renderHomeSoon(); };
      const result = await syncOnce({ store, api, owner: session.username, onChange });
      if (result.auth) return handleAuth(result.auth);
      const statuses = await refreshStatuses({ store, api, owner: session.username, onChange });
      if (statuses.auth) return handleAuth(statuses.auth);
      const signals = await refreshSignals({ store, api, owner: session.username, onChange });
      if (signals.auth) return handleAuth(signals.auth);
      const sentTasks = await sendTaskActions({ store, api });
      if (sentTasks.auth) return handleAuth(sentTasks.auth);
      const tasks = await refreshTasks({ store, api });
      if (tasks.auth) return handleAuth(tasks.auth);
      if ((window.location.hash || "").startsWith("#/tugas/") && (sentTasks.sent || sentTasks.rejected || tasks.ok)) route();
      if (!options && navigator.onLine) await loadOptions().catch(() => {});
    });
  } finally {
    syncing = false;
    if (session && (window.location.hash || "#/") === "#/") renderHomeSoon();
  }
}

let homeTimer = null;
function renderHomeSoon() {
  clearTimeout(homeTimer);
  homeTimer = setTimeout(() => { if (session && !session.invalid && (window.location.hash || "#/") === "#/") renderHome(); }, 50);
}

main().catch((error) => {
  $("#app").innerHTML = `<p class="error">Aplikasi tidak dapat dimulai: ${esc(error.message)}</p>`;
});
