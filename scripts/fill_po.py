"""Fill a .po file's msgstr entries from JSON {msgid: msgstr} maps.

Usage: python scripts/fill_po.py locale/id/LC_MESSAGES/django.po MAP.json [MAP.json ...]
A map's translation always wins; fuzzy guesses by msgmerge are dropped unless a map confirms them.
Entries still untranslated are listed so nothing is missed. `bash scripts/translations` runs the lot.
"""

import json
import sys


def unquote(chunks):
    return "".join(json.loads(chunk) for chunk in chunks)


def quote(text):
    return json.dumps(text, ensure_ascii=False)


def _take_string(lines, i, keyword):
    chunks, j = [lines[i][len(keyword) + 1 :]], i + 1
    while j < len(lines) and lines[j].startswith('"'):
        chunks.append(lines[j])
        j += 1
    return unquote(chunks), j


def fill(po_path, mapping):
    lines = open(po_path, encoding="utf-8").read().split("\n")
    out, comments, missing, i = [], [], [], 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            comments.append(line)
            i += 1
            continue
        if line.startswith("msgid ") and i + 1 < len(lines):
            msgid, j = _take_string(lines, i, "msgid")
            if j < len(lines) and lines[j].startswith("msgstr "):
                msgstr, k = _take_string(lines, j, "msgstr")
                fuzzy = any(c.startswith("#,") and "fuzzy" in c for c in comments)
                if msgid and msgid in mapping:
                    msgstr = mapping[msgid]
                elif msgid and fuzzy:
                    msgstr = ""
                comments = (
                    [
                        c.replace(", fuzzy", "")
                        for c in comments
                        if not c.startswith("#|") and c.strip() != "#, fuzzy"
                    ]
                    if msgid
                    else comments
                )
                out.extend(comments)
                out.extend(lines[i:j])
                out.append("msgstr " + quote(msgstr) if msgid else "\n".join(lines[j:k]))
                if msgid and not msgstr:
                    missing.append(msgid)
                comments, i = [], k
                continue
            if j < len(lines) and lines[j].startswith("msgid_plural "):
                # Indonesian has one plural form: a map value (string) fills msgstr[0].
                _plural, m = _take_string(lines, j, "msgid_plural")
                msgstr, k = _take_string(lines, m, "msgstr[0]")
                fuzzy = any(c.startswith("#,") and "fuzzy" in c for c in comments)
                if msgid in mapping:
                    msgstr = mapping[msgid]
                elif fuzzy:
                    msgstr = ""
                comments = [
                    c.replace(", fuzzy", "")
                    for c in comments
                    if not c.startswith("#|") and c.strip() != "#, fuzzy"
                ]
                out.extend(comments)
                out.extend(lines[i:m])
                out.append("msgstr[0] " + quote(msgstr))
                if not msgstr:
                    missing.append(msgid)
                comments, i = [], k
                continue
        out.extend(comments)
        comments = []
        out.append(line)
        i += 1
    out.extend(comments)
    open(po_path, "w", encoding="utf-8").write("\n".join(out))
    return missing


if __name__ == "__main__":
    po, mapping = sys.argv[1], {}
    for mapping_file in sys.argv[2:]:
        mapping.update(json.load(open(mapping_file, encoding="utf-8")))
    for msgid in fill(po, mapping):
        print("untranslated:", msgid)
