"""Fill empty msgstr entries of a .po file from a JSON {msgid: msgstr} file; keeps existing ones.

Usage: python scripts/fill_po.py locale/id/LC_MESSAGES/django.po MAP.json [MAP.json ...]
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
                if msgid and not current:
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
