// The report form's per-type details (Binkamsa, BinPolmas, Bintibsos): checks before saving match
// the server's (required, counts 0–100000, trained ≤ guards, post/forum in the chosen kelurahan) and
// the `details` body the field API takes.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  COUNT_MAX, choicesFor, detailLabel, detailProblems, detailsBody, detailsHtml, hasDetails, readDetails,
} from "../../../../../openinfo/visits/fieldapp/static/fieldapp/details.mjs";

const OPTIONS = {
  siskamling_posts: [
    { id: 7, name: "Pos Melati", kelurahan: "36.71.01.1001", rw: "02" },
    { id: 8, name: "Pos Mawar", kelurahan: "36.71.01.1002", rw: "01" },
  ],
  fkpm_forums: [{ id: 3, name: "FKPM Kenanga", kelurahan: "36.71.01.1001" }],
};

test("only the four unit types have details", () => {
  assert.equal(hasDetails("sambang"), false);
  assert.equal(detailsBody("sambang", { company: "x" }), null);
  assert.equal(detailsHtml("dds"), "");
  for (const type of ["satpam_supervision", "siskamling_check", "fkpm_meeting", "bintibsos_session"]) {
    assert.equal(hasDetails(type), true);
  }
});

test("posts and forums are those of the chosen kelurahan", () => {
  assert.deepEqual(choicesFor("post", "36.71.01.1001", OPTIONS), [{ value: "7", label: "Pos Melati (RW 02)" }]);
  assert.deepEqual(choicesFor("forum", "36.71.01.1002", OPTIONS), []);
  const html = detailsHtml("siskamling_check", { post: "7" }, "36.71.01.1001", OPTIONS);
  assert.match(html, /<option value="7" selected>Pos Melati \(RW 02\)<\/option>/);
  assert.doesNotMatch(html, /Pos Mawar/);
});

test("missing, out-of-range and inconsistent details are problems in Indonesian", () => {
  assert.deepEqual(detailProblems("siskamling_check", {}, "36.71.01.1001", OPTIONS), ["Pos Siskamling wajib diisi."]);
  assert.deepEqual(
    detailProblems("siskamling_check", { post: "8" }, "36.71.01.1001", OPTIONS),
    ["Pos Siskamling tidak berada di kelurahan yang dipilih."],
  );
  const satpam = { company: "PT A", site: "Gudang", guards_count: "5", trained_count: "6" };
  assert.deepEqual(detailProblems("satpam_supervision", satpam), [
    "Jumlah satpam berpelatihan atau ber-KTA tidak boleh lebih dari jumlah satpam.",
  ]);
  assert.deepEqual(
    detailProblems("bintibsos_session", { audience_kind: "school", audience_name: "SMPN 7", attendees: String(COUNT_MAX + 1) }),
    [`Jumlah peserta harus 0–${COUNT_MAX}.`],
  );
  assert.deepEqual(detailProblems("bintibsos_session", { audience_kind: "pasar", audience_name: "X", attendees: "3" }), [
    "Sasaran tidak dikenal.",
  ]);
  assert.deepEqual(detailProblems("fkpm_meeting", { forum: "3" }, "36.71.01.1001", OPTIONS), []);
});

test("the body has numbers, booleans and trimmed texts", () => {
  const values = readDetails("siskamling_check", [["d-post", "7"], ["d-guards_on_duty", "4"], ["d-findings", " sepi "]]);
  assert.deepEqual(values, { post: "7", post_active: false, guards_on_duty: "4", findings: " sepi " });
  assert.deepEqual(detailsBody("siskamling_check", { ...values, post_active: true }), {
    post: 7, post_active: true, guards_on_duty: 4, findings: "sepi",
  });
  assert.deepEqual(detailsBody("satpam_supervision", { company: "PT A", site: "B", guards_count: "3" }), {
    company: "PT A", site: "B", guards_count: 3, findings: "",
  });
  assert.equal(detailLabel("guards_count"), "Jumlah satpam");
});
