// The live hint under the public summary: the server's redaction guard, on the phone. The patterns
// come from /api/v1/field/options/ (openinfo/visits/redaction.py), so both sides agree; these
// copies are only used before the first sign-in.
export const DEFAULT_PATTERNS = {
  nik: String.raw`(?<![\d+])\d(?:[\s.\-]?\d){15}(?![\d])`,
  phone: String.raw`(?<![\w+])(?:\+62|62|\(0\d{1,3}\)|0)[\s.\-]*\(?\d{1,4}\)?(?:[\s.\-]?\d){5,11}(?!\d)`,
  email: String.raw`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`,
};

const LABELS = { nik: "nomor mirip NIK", phone: "nomor telepon", email: "alamat e-mail", name: "nama peserta" };

const digits = (text) => text.replace(/\D/g, "");
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function findPersonalData(text, names = [], patterns = DEFAULT_PATTERNS) {
  text = text || "";
  const found = [];
  const taken = [];
  const overlaps = (start, end) => taken.some(([s, e]) => start < e && s < end);
  const scan = (kind, source, accept) => {
    for (const match of text.matchAll(new RegExp(source, "g"))) {
      const start = match.index;
      const end = start + match[0].length;
      if (accept(match[0]) && !overlaps(start, end)) {
        found.push({ start, kind, text: match[0].trim() });
        taken.push([start, end]);
      }
    }
  };
  scan("email", patterns.email, () => true);
  scan("nik", patterns.nik, (m) => digits(m).length === 16);
  scan("phone", patterns.phone, (m) => digits(m).length >= 9 && digits(m).length <= 15);
  for (const raw of names) {
    const name = raw.trim();
    if (name.length < 3) continue;
    const source = `(?<!\\w)${name.split(/\s+/).map(escape).join("\\s+")}(?!\\w)`;
    for (const match of text.matchAll(new RegExp(source, "gi"))) {
      found.push({ start: match.index, kind: "name", text: match[0] });
    }
  }
  return found.sort((a, b) => a.start - b.start).map(({ kind, text: t }) => ({ kind, text: t }));
}

export function participantNames(text) {
  return (text || "").split(/[\n,;]+/).map((n) => n.trim()).filter(Boolean);
}

export function hint(findings) {
  if (!findings.length) return "";
  const parts = findings.map((f) => `${LABELS[f.kind]} “${f.text}”`);
  return `Ringkasan publik memuat data pribadi: ${parts.join("; ")}. Hapus sebelum dikirim; `
    + "laporan seperti ini tidak dapat disetujui.";
}
