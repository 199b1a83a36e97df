// The activity type's own fields in the report form (Binkamsa, BinPolmas, Bintibsos): which fields,
// their checks before saving (the server checks the same: openinfo/visits/field_api.py) and the
// `details` object the field API takes. Pure functions: no DOM, tested with node --test.

export const COUNT_MAX = 100_000;

// type -> fields, in form order. kind: text | long (textarea) | count | bool | post | forum | audience
export const DETAIL_FIELDS = {
  satpam_supervision: [
    { name: "company", label: "Perusahaan", kind: "text", required: true },
    { name: "site", label: "Lokasi", kind: "text", required: true },
    { name: "guards_count", label: "Jumlah satpam", kind: "count", required: true },
    { name: "trained_count", label: "Sudah pelatihan dasar (Gada Pratama)", kind: "count" },
    { name: "certified_count", label: "Memiliki KTA yang berlaku", kind: "count" },
    { name: "findings", label: "Temuan (internal)", kind: "long" },
  ],
  siskamling_check: [
    { name: "post", label: "Pos Siskamling", kind: "post", required: true },
    { name: "post_active", label: "Pos aktif", kind: "bool" },
    { name: "guards_on_duty", label: "Warga yang berjaga", kind: "count" },
    { name: "findings", label: "Temuan (internal)", kind: "long" },
  ],
  fkpm_meeting: [
    { name: "forum", label: "Forum FKPM", kind: "forum", required: true },
    { name: "problems_raised", label: "Permasalahan yang disampaikan (internal)", kind: "long" },
    { name: "follow_ups", label: "Tindak lanjut yang disepakati (internal)", kind: "long" },
  ],
  bintibsos_session: [
    { name: "audience_kind", label: "Sasaran", kind: "audience", required: true },
    { name: "audience_name", label: "Nama sekolah atau organisasi", kind: "text", required: true },
    { name: "attendees", label: "Jumlah peserta", kind: "count", required: true },
  ],
};

export const AUDIENCES = [
  { value: "school", label: "Sekolah" },
  { value: "organisation", label: "Organisasi kemasyarakatan" },
  { value: "youth", label: "Kelompok pemuda" },
  { value: "other", label: "Lainnya" },
];

export function hasDetails(type) {
  return Object.hasOwn(DETAIL_FIELDS, type);
}

// The posts or forums of the chosen kelurahan (options from /field/options/).
export function choicesFor(kind, kelurahan, options = {}) {
  const rows = kind === "post" ? options.siskamling_posts : kind === "forum" ? options.fkpm_forums : null;
  if (!rows) return [];
  return rows.filter((row) => row.kelurahan === kelurahan)
    .map((row) => ({ value: String(row.id), label: row.rw ? `${row.name} (RW ${row.rw})` : row.name }));
}

function blank(value) {
  return value === undefined || value === null || String(value).trim() === "";
}

// Problems to show before saving (Indonesian), [] when the details are complete.
export function detailProblems(type, values = {}, kelurahan = "", options = {}) {
  if (!hasDetails(type)) return [];
  const problems = [];
  for (const field of DETAIL_FIELDS[type]) {
    const value = values[field.name];
    if (field.required && (blank(value) || (field.kind === "bool" && value === undefined))) {
      problems.push(`${field.label} wajib diisi.`);
      continue;
    }
    if (field.kind === "count" && !blank(value)) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > COUNT_MAX) problems.push(`${field.label} harus 0–${COUNT_MAX}.`);
    }
    if ((field.kind === "post" || field.kind === "forum") && !blank(value)
      && !choicesFor(field.kind, kelurahan, options).some((c) => c.value === String(value))) {
      problems.push(`${field.label} tidak berada di kelurahan yang dipilih.`);
    }
    if (field.kind === "audience" && !blank(value) && !AUDIENCES.some((a) => a.value === value)) {
      problems.push(`${field.label} tidak dikenal.`);
    }
  }
  if (type === "satpam_supervision") {
    const guards = Number(values.guards_count);
    for (const name of ["trained_count", "certified_count"]) {
      if (!blank(values[name]) && !blank(values.guards_count) && Number(values[name]) > guards) {
        problems.push("Jumlah satpam berpelatihan atau ber-KTA tidak boleh lebih dari jumlah satpam.");
        break;
      }
    }
  }
  return problems;
}

// The field API's `details` object (null for the types without details).
export function detailsBody(type, values = {}) {
  if (!hasDetails(type)) return null;
  const body = {};
  for (const field of DETAIL_FIELDS[type]) {
    const value = values[field.name];
    if (field.kind === "bool") body[field.name] = Boolean(value);
    else if (field.kind === "count" || field.kind === "post" || field.kind === "forum") {
      if (!blank(value)) body[field.name] = Number(value);
    } else body[field.name] = blank(value) ? "" : String(value).trim();
  }
  return body;
}

// The form section (HTML) for the chosen type; `esc` escapes text for HTML.
export function detailsHtml(type, values = {}, kelurahan = "", options = {}, esc = String) {
  if (!hasDetails(type)) return "";
  const rows = DETAIL_FIELDS[type].map((field) => {
    const id = `f-d-${field.name}`;
    const name = `d-${field.name}`;
    const value = values[field.name];
    const label = `<label for="${id}">${esc(field.label)}${field.required ? "" : ' <span class="muted small">(boleh kosong)</span>'}</label>`;
    if (field.kind === "bool") {
      return `<div class="check"><input type="checkbox" id="${id}" name="${name}" ${value ? "checked" : ""}> <label for="${id}">${esc(field.label)}</label></div>`;
    }
    if (field.kind === "long") return `${label}<textarea id="${id}" name="${name}" rows="2">${esc(value ?? "")}</textarea>`;
    if (field.kind === "count") {
      return `${label}<input id="${id}" name="${name}" type="number" inputmode="numeric" min="0" max="${COUNT_MAX}" value="${esc(value ?? "")}">`;
    }
    if (field.kind === "post" || field.kind === "forum" || field.kind === "audience") {
      const choices = field.kind === "audience" ? AUDIENCES : choicesFor(field.kind, kelurahan, options);
      const empty = choices.length ? "— pilih —" : "Belum ada di kelurahan ini";
      return `${label}<select id="${id}" name="${name}"><option value="">${esc(empty)}</option>${choices.map((c) => `<option value="${esc(c.value)}" ${String(value ?? "") === c.value ? "selected" : ""}>${esc(c.label)}</option>`).join("")}</select>`;
    }
    return `${label}<input id="${id}" name="${name}" maxlength="200" value="${esc(value ?? "")}">`;
  });
  return `<fieldset id="f-details"><legend>Rincian kegiatan</legend>${rows.join("")}</fieldset>`;
}

// Reads the section's inputs from form entries ([name, value] pairs, e.g. FormData).
export function readDetails(type, entries) {
  if (!hasDetails(type)) return {};
  const data = new Map([...entries]);
  const values = {};
  for (const field of DETAIL_FIELDS[type]) {
    const key = `d-${field.name}`;
    if (field.kind === "bool") values[field.name] = data.has(key);
    else if (data.has(key)) values[field.name] = String(data.get(key));
  }
  return values;
}

// The Indonesian label of a detail field named in a server error (`details.<name>`).
export function detailLabel(name) {
  for (const fields of Object.values(DETAIL_FIELDS)) {
    const field = fields.find((f) => f.name === name);
    if (field) return field.label;
  }
  return name;
}
