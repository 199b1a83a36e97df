"""Fill empty msgstr entries of a .po file from JSON {msgid: msgstr} files; keeps existing ones.

Usage: python scripts/fill_po.py locale/id/LC_MESSAGES/django.po translations.json [more.json ...]
Fuzzy entries (msgmerge's guesses from similar strings) count as untranslated: a mapping entry
replaces the guess, otherwise the guess is dropped and the msgid is listed as untranslated.
Workflow: manage.py makemessages -l id --ignore=.venv; add new strings to a JSON; run this;
manage.py compilemessages. Entries still untranslated are listed so nothing is missed.
"""

import json
import re
import sys


def unquote(chunks):
    return "".join(json.loads(chunk) for chunk in chunks)


def quote(text):
    return json.dumps(text, ensure_ascii=False)


def _drop_fuzzy_flag(out):
    """Remove a `#, fuzzy` flag from the comments just written for this entry; True if it had one."""
    idx = len(out) - 1
    while idx >= 0 and (out[idx].startswith("msgid") or out[idx].startswith('"')):
        idx -= 1
    while idx >= 0 and out[idx].startswith("#"):
        if out[idx].startswith("#,") and "fuzzy" in out[idx]:
            flags = [f.strip() for f in out[idx][2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if flags:
                out[idx] = "#, " + ", ".join(flags)
            else:
                del out[idx]
            return True
        idx -= 1
    return False


def fill(po_path, mapping):
    lines = open(po_path, encoding="utf-8").read().split("\n")
    out, i, missing = [], 0, []
    while i < len(lines):
        line = lines[i]
        if line.startswith("msgid "):
            chunks, j = [line[6:]], i + 1
            while j < len(lines) and lines[j].startswith('"'):
                chunks.append(lines[j])
                j += 1
            msgid = unquote(chunks)
            out.extend(lines[i:j])
            if j < len(lines) and lines[j].startswith("msgstr "):
                s_chunks, k = [lines[j][7:]], j + 1
                while k < len(lines) and lines[k].startswith('"'):
                    s_chunks.append(lines[k])
                    k += 1
                current = unquote(s_chunks)
                fuzzy = _drop_fuzzy_flag(out)
                if msgid and (not current or fuzzy):
                    if fuzzy and msgid not in mapping:
                        s_chunks, current = ['""'], ""
                        lines[j:k] = ['msgstr ""']
                        k = j + 1
                    if msgid in mapping:
                        out.append("msgstr " + quote(mapping[msgid]))
                        # a filled entry is no longer fuzzy
                    else:
                        missing.append(msgid)
                        out.extend(lines[j:k])
                else:
                    out.extend(lines[j:k])
                i = k
                continue
            i = j
            continue
        out.append(line)
        i += 1
    text = "\n".join(out)
    text = re.sub(r"#, fuzzy\n(?=#|msgid)", "", text)
    open(po_path, "w", encoding="utf-8").write(text)
    return missing


if __name__ == "__main__":
    po, mapping = sys.argv[1], {}
    for mapping_file in sys.argv[2:]:
        mapping.update(json.load(open(mapping_file, encoding="utf-8")))
    missing = fill(po, mapping)
    for msgid in missing:
        print("untranslated:", msgid)
