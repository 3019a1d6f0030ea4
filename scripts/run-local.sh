#!/usr/bin/env bash
# Run CHEXS Bot on this machine with the Microsoft 365 Agents Playground (a local Teams client).
# Fully offline: Development settings, no Teams credentials, the bot listens on 127.0.0.1 only.
# Open the printed URL, type "help" in the personal chat, and the bot answers. Ctrl+C stops both.
#
#   scripts/run-local.sh                 bot on 3978, Playground on 56150, signed in as currentUser of .m365agentsplayground.yml
#   scripts/run-local.sh --as morgan     signed in as Morgan Manager (full name, first name or id word, any case)
#   BOT_PORT=4000 PLAYGROUND_PORT=57000 scripts/run-local.sh
#
# While a run is going, `scripts/run-local.sh --as jordan` in another terminal restarts only the Playground as that
# user (same port; reload the page) and returns: the bot keeps running, with its database and conversations.
set -euo pipefail
cd "$(dirname "$0")/.."

AS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --as) AS="${2:-}"; [ -n "$AS" ] || { echo "--as needs a name, e.g. --as morgan" >&2; exit 2; }; shift 2 ;;
    --as=*) AS="${1#--as=}"; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done

LOG_DIR="data/logs"
mkdir -p "$LOG_DIR"
RUN_FILE="$LOG_DIR/run-local.run"              # pid and ports of the run in progress, for a later --as
PLAYGROUND_PID_FILE="$LOG_DIR/playground.pid"  # the Playground now serving (a switch replaces it)
PLAYGROUND_CONFIG="$LOG_DIR/playground.yml"    # .m365agentsplayground.yml with the chosen user signed in

RUN_PID="" RUN_BOT_PORT="" RUN_PLAYGROUND_PORT=""
if [ -f "$RUN_FILE" ]; then read -r RUN_PID RUN_BOT_PORT RUN_PLAYGROUND_PORT < "$RUN_FILE" || true; fi
RUNNING=""
if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then RUNNING=1; fi
if [ -n "$RUNNING" ]; then
  BOT_PORT="${BOT_PORT:-$RUN_BOT_PORT}"
  PLAYGROUND_PORT="${PLAYGROUND_PORT:-$RUN_PLAYGROUND_PORT}"
fi
BOT_PORT="${BOT_PORT:-3978}"
PLAYGROUND_PORT="${PLAYGROUND_PORT:-56150}"

if [ ! -x node_modules/.bin/agentsplayground ]; then
  echo "Installing the npm packages (first run)..."
  npm install --no-audit --no-fund
fi

# Who is signed in: the config's currentUser, or --as (the two trade places in a copy of the file).
SIGNED_IN="$(node scripts/playground-user.js name .m365agentsplayground.yml "$AS")" || exit 2
node scripts/playground-user.js yaml .m365agentsplayground.yml "$AS" > "$PLAYGROUND_CONFIG"

if [ ! -x node_modules/.bin/agentsplayground ]; then
  echo "Installing the npm packages (first run)..."
  npm install --no-audit --no-fund
fi

# GET /healthz over bash's /dev/tcp, so nothing beyond bash is needed.
healthy() {
  { exec 3<>"/dev/tcp/127.0.0.1/${BOT_PORT}"; } 2>/dev/null || return 1
  printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  local status_line
  IFS= read -r status_line <&3 || true
  exec 3<&-
  [[ "$status_line" == *" 200 "* ]]
}

# Starts the Playground as $SIGNED_IN in the background and waits until it says which port it took.
start_playground() {
  local log="$LOG_DIR/playground.log"
  : > "$log"
  # TEAMSAPPTESTER_BROWSER=none: the Playground must not try to open a browser itself (it exits if it cannot).
  TEAMSAPPTESTER_BROWSER=none M365_AGENTS_PLAYGROUND_LOGFILE="$LOG_DIR/m365agentsplayground.log" \
    M365_AGENTS_PLAYGROUND_CONFIG_PATH="$PWD/$PLAYGROUND_CONFIG" \
    nohup node_modules/.bin/agentsplayground -e "http://127.0.0.1:${BOT_PORT}/api/messages" -c msteams \
    -p "$PLAYGROUND_PORT" --disable-telemetry > "$log" 2>&1 &
  local pid=$!
  echo "$pid" > "$PLAYGROUND_PID_FILE"
  # The Playground picks another port if the requested one is taken, and prints which.
  ACTUAL_PORT=""
  for _ in $(seq 1 60); do
    ACTUAL_PORT="$(sed -n 's/.*Listening on \([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)"
    [ -n "$ACTUAL_PORT" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; echo "The Playground stopped during start-up." >&2; return 1; fi
    sleep 1
  done
  if [ -z "$ACTUAL_PORT" ]; then cat "$log" >&2; echo "The Playground did not start." >&2; return 1; fi
}

# A run is going: switch user by restarting only its Playground; the bot is not touched.
if [ -n "$RUNNING" ]; then
  if [ -z "$AS" ]; then
    echo "CHEXS Bot is already running (run-local.sh, pid $RUN_PID) on port ${BOT_PORT}. Use --as NAME to switch user, or stop it first." >&2
    exit 2
  fi
  if ! healthy; then echo "The running bot (pid $RUN_PID) does not answer on port ${BOT_PORT}; stop it and start again." >&2; exit 1; fi
  OLD_PLAYGROUND="$(cat "$PLAYGROUND_PID_FILE" 2>/dev/null || true)"
  if [ -n "$OLD_PLAYGROUND" ] && kill "$OLD_PLAYGROUND" 2>/dev/null; then
    for _ in $(seq 1 20); do kill -0 "$OLD_PLAYGROUND" 2>/dev/null || break; sleep 0.5; done
  fi
  start_playground
  disown 2>/dev/null || true
  cat <<MSG

  Switched the Agents Playground to ${SIGNED_IN}: http://localhost:${ACTUAL_PORT} (reload the page).
  The bot kept running on http://127.0.0.1:${BOT_PORT}/api/messages, with its database and conversations.

MSG
  exit 0
fi

echo "Building the bot..."
dotnet build bot/CHEXS.Bot.csproj -c Debug --nologo -v quiet

BOT_PID=""
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping..."
  # The Playground serving now: this run's, or the one a later --as started in its place.
  local playground
  playground="$(cat "$PLAYGROUND_PID_FILE" 2>/dev/null || true)"
  [ -n "$playground" ] && kill "$playground" 2>/dev/null || true
  [ -n "$BOT_PID" ] && kill "$BOT_PID" 2>/dev/null || true
  rm -f "$RUN_FILE" "$PLAYGROUND_PID_FILE"
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

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

# It reads the copy of .m365agentsplayground.yml made above: the development users, team and channels.
echo "$$ ${BOT_PORT} ${PLAYGROUND_PORT}" > "$RUN_FILE"
start_playground

cat <<MSG

  CHEXS Bot is running (Development, offline) on http://127.0.0.1:${BOT_PORT}/api/messages
  Open the Agents Playground:  http://localhost:${ACTUAL_PORT}
  You are signed in as ${SIGNED_IN}. Type "help" in the Personal Chat.
  In a channel, @mention CHEXS Bot. Playground output: ${LOG_DIR}/playground.log
  Switch user, keeping the bot running: scripts/run-local.sh --as morgan (in another terminal)
  Press Ctrl+C to stop.

MSG

# Runs until the bot exits or Ctrl+C (the Playground may be replaced meanwhile by --as); then stops both.
wait "$BOT_PID" || true
