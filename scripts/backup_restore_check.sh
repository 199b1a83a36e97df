#!/usr/bin/env bash
# Backup/restore round trip (docs/operations.md): build a demo site on PostgreSQL with its media and
# private files, back it up the way the runbook says (pg_dump -Fc + tar of MEDIA_ROOT,
# PRIVATE_MEDIA_ROOT and PPID_PRIVATE_ROOT), restore into a NEW database and new folders, and compare pages, API answers,
# documents, files and search results. Exits non-zero when anything differs.
#
#   bash scripts/backup_restore_check.sh            (PGHOST/PGPORT/PGUSER as for psql; default local)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
SRC_DB=${SRC_DB:-sambang_backup_src_$$} DST_DB=${DST_DB:-sambang_backup_dst_$$}
WORK=$(mktemp -d /tmp/sambang-backup-XXXXXX)
cleanup() {
  dropdb --if-exists "$SRC_DB" >/dev/null 2>&1 || true
  dropdb --if-exists "$DST_DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export DJANGO_SETTINGS_MODULE=cms.settings.dev TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
url() { echo "postgres://$PGUSER@$PGHOST:$PGPORT/$1"; }

echo "== 1. demo site in $SRC_DB"
createdb "$SRC_DB"
export DATABASE_URL=$(url "$SRC_DB") MEDIA_ROOT=$WORK/src/media PPID_PRIVATE_ROOT=$WORK/src/private \
       PRIVATE_MEDIA_ROOT=$WORK/src/files
mkdir -p "$MEDIA_ROOT" "$PPID_PRIVATE_ROOT" "$PRIVATE_MEDIA_ROOT"
$PY manage.py migrate --noinput -v 0
$PY manage.py load_demo > "$WORK/load_demo.log"
# A private file too (a power of attorney), so a media-only backup would visibly lose it.
$PY manage.py shell -c "
from django.core.files.base import ContentFile
from openinfo.ppid.storage import ppid_private_storage
ppid_private_storage().save('kuasa/contoh-surat-kuasa.pdf', ContentFile(b'%PDF-1.4 surat kuasa'))"
$PY scripts/site_fingerprint.py > "$WORK/before.json"

echo "== 2. backup"
mkdir -p "$WORK/backup"
pg_dump -Fc -f "$WORK/backup/db.dump" "$SRC_DB"
tar -C "$WORK/src" -czf "$WORK/backup/media.tar.gz" media
tar -C "$WORK/src" -czf "$WORK/backup/private.tar.gz" private
tar -C "$WORK/src" -czf "$WORK/backup/files.tar.gz" files
ls -l "$WORK/backup"

echo "== 3. restore into $DST_DB and new folders"
createdb "$DST_DB"
pg_restore --no-owner --exit-on-error -d "$DST_DB" "$WORK/backup/db.dump"
mkdir -p "$WORK/dst"
tar -C "$WORK/dst" -xzf "$WORK/backup/media.tar.gz"
tar -C "$WORK/dst" -xzf "$WORK/backup/private.tar.gz"
tar -C "$WORK/dst" -xzf "$WORK/backup/files.tar.gz"
export DATABASE_URL=$(url "$DST_DB") MEDIA_ROOT=$WORK/dst/media PPID_PRIVATE_ROOT=$WORK/dst/private \
       PRIVATE_MEDIA_ROOT=$WORK/dst/files
$PY manage.py migrate --check -v 0   # the restored schema is complete
$PY scripts/site_fingerprint.py > "$WORK/after.json"

echo "== 4. compare"
if diff -u "$WORK/before.json" "$WORK/after.json"; then
  echo "restore identical:"; cat "$WORK/after.json"
  echo "BACKUP/RESTORE OK"
else
  echo "BACKUP/RESTORE DIFFERS" >&2; exit 1
fi
