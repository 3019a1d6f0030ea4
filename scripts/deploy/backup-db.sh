#!/usr/bin/env bash
# Superseded: the running bot now writes verified daily backups to Backup__Folder itself (docs/deploy.md,
# section 9), without stopping. Kept for an operator who wants one more offline copy; disable the timer.
#
# Daily backup of the CHEXS Bot LiteDB file (VM hosting, one instance).
#
# LiteDB keeps one file open exclusively and has no online-backup API, so a copy taken while the bot
# writes could be torn. The bot is stopped for the few seconds the copy takes (02:40 by default, when no
# session runs); reminders and outbox work that fall due meanwhile are durable and go out on restart.
#
# Usage: backup-db.sh [DB_PATH] [BACKUP_DIR] [KEEP_DAYS]
#   defaults: /var/lib/chexs-bot/chexs.db  /var/backups/chexs-bot  35
# Writes BACKUP_DIR/chexs-YYYYMMDD-HHMM.db (what preflight's Backup__Folder check reads) and deletes copies
# older than KEEP_DAYS. Run by chexs-bot-backup.timer (see docs/deploy.md, Backups).
set -euo pipefail

DB="${1:-/var/lib/chexs-bot/chexs.db}"
DIR="${2:-/var/backups/chexs-bot}"
KEEP="${3:-35}"
SERVICE="${CHEXS_BOT_SERVICE:-chexs-bot}"
STAMP="$(date -u +%Y%m%d-%H%M)"
TARGET="$DIR/chexs-$STAMP.db"

install -d -m 0700 "$DIR"
restart() { systemctl start "$SERVICE"; }
systemctl stop "$SERVICE"
trap restart EXIT
cp --preserve=timestamps "$DB" "$TARGET.partial"
# LiteDB 5 may keep committed pages in a -log file next to the database until its next checkpoint.
if [[ -f "${DB%.db}-log.db" ]]; then cp "${DB%.db}-log.db" "$DIR/chexs-$STAMP-log.db"; fi
mv "$TARGET.partial" "$TARGET"
touch "$TARGET"
trap - EXIT
restart

find "$DIR" -name 'chexs-*.db' -mtime "+$KEEP" -delete
echo "backup written: $TARGET"
