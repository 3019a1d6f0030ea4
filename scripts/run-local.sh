#!/usr/bin/env bash
# Run CHEXS Bot on this machine with the Microsoft 365 Agents Playground (a local Teams client).
# Fully offline: Development settings, no Teams credentials, the bot listens on 127.0.0.1 only.
# Open the printed URL, type "help" in the personal chat, and the bot answers. Ctrl+C stops both.
#
#   scripts/run-local.sh                 bot on 3978, Playground on 56150
#   BOT_PORT=4000 PLAYGROUND_PORT=57000 scripts/run-local.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BOT_PORT="${BOT_PORT:-3978}"
PLAYGROUND_PORT="${PLAYGROUND_PORT:-56150}"
LOG_DIR="data/logs"
mkdir -p "$LOG_DIR"

if [ ! -x node_modules/.bin/agentsplayground ]; then
  echo "Installing the npm packages (first run)..."
  npm install --no-audit --no-fund
fi

echo "Building the bot..."
dotnet build bot/CHEXS.Bot.csproj -c Debug --nologo -v quiet

BOT_PID=""
PLAYGROUND_PID=""
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping..."
  [ -n "$PLAYGROUND_PID" ] && kill "$PLAYGROUND_PID" 2>/dev/null || true
  [ -n "$BOT_PID" ] && kill "$BOT_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# GET /healthz over bash's /dev/tcp, so nothing beyond bash is needed.
healthy() {
  { exec 3<>"/dev/tcp/127.0.0.1/${BOT_PORT}"; } 2>/dev/null || return 1
  printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  local status_line
  IFS= read -r status_line <&3 || true
  exec 3<&-
  [[ "$status_line" == *" 200 "* ]]
}

# The database lives in data/chexs.db (see Database:Path); the bot's output goes to the terminal.
ASPNETCORE_ENVIRONMENT=Development dotnet bot/bin/Debug/net10.0/CHEXS.Bot.dll --urls "http://127.0.0.1:${BOT_PORT}" &
BOT_PID=$!

for _ in $(seq 1 60); do
  if healthy; then break; fi
  if ! kill -0 "$BOT_PID" 2>/dev/null; then echo "The bot stopped during start-up (see its output above)." >&2; exit 1; fi
  sleep 1
done
if ! healthy; then
  echo "The bot did not become healthy on port ${BOT_PORT}." >&2
  exit 1
fi

# TEAMSAPPTESTER_BROWSER=none: the Playground must not try to open a browser itself (it exits if it cannot).
# It reads .m365agentsplayground.yml from this folder: the development users, team and channels.
PLAYGROUND_LOG="$LOG_DIR/playground.log"
: > "$PLAYGROUND_LOG"
TEAMSAPPTESTER_BROWSER=none M365_AGENTS_PLAYGROUND_LOGFILE="$LOG_DIR/m365agentsplayground.log" \
  node_modules/.bin/agentsplayground -e "http://127.0.0.1:${BOT_PORT}/api/messages" -c msteams \
  -p "$PLAYGROUND_PORT" --disable-telemetry > "$PLAYGROUND_LOG" 2>&1 &
PLAYGROUND_PID=$!

# The Playground picks another port if the requested one is taken, and prints which.
ACTUAL_PORT=""
for _ in $(seq 1 60); do
  ACTUAL_PORT="$(sed -n 's/.*Listening on \([0-9][0-9]*\).*/\1/p' "$PLAYGROUND_LOG" | head -n 1)"
  [ -n "$ACTUAL_PORT" ] && break
  if ! kill -0 "$PLAYGROUND_PID" 2>/dev/null; then cat "$PLAYGROUND_LOG" >&2; echo "The Playground stopped during start-up." >&2; exit 1; fi
  sleep 1
done
if [ -z "$ACTUAL_PORT" ]; then cat "$PLAYGROUND_LOG" >&2; echo "The Playground did not start." >&2; exit 1; fi

cat <<MSG

  CHEXS Bot is running (Development, offline) on http://127.0.0.1:${BOT_PORT}/api/messages
  Open the Agents Playground:  http://localhost:${ACTUAL_PORT}
  You are signed in as Alex Host. Type "help" in the Personal Chat.
  In a channel, @mention CHEXS Bot. Playground output: ${PLAYGROUND_LOG}
  Press Ctrl+C to stop.

MSG

# Stop both when either exits or on Ctrl+C.
wait -n "$BOT_PID" "$PLAYGROUND_PID" || true
