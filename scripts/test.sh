#!/usr/bin/env bash
# Run every test of CHEXS Bot: unit and integration tests (tests/CHEXS.Bot.Tests) and the
# end-to-end test that drives the Agents Playground in headless Chromium (tests/CHEXS.Bot.EndToEnd).
# Works on a fresh Debian machine: as root it installs Debian's chromium and postgresql when they are missing.
# The storage tests run on both engines: a throwaway PostgreSQL cluster is started for them and removed at exit.
# Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Chromium (Debian package) for the end-to-end test..."
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  else
    echo "The end-to-end test needs Debian's chromium at /usr/bin/chromium: sudo apt-get install chromium" >&2
    exit 1
  fi
fi

# A throwaway PostgreSQL for the PostgreSQL storage engine's tests (exports CHEXS_TEST_POSTGRES; stopped on exit).
source scripts/test-postgres.sh

# The Agents Playground and the other pinned Node tools, exactly as package-lock.json says.
npm ci --no-audit --no-fund

dotnet build CHEXS.Bot.sln -c Debug --nologo

mkdir -p test-output
set +e
dotnet test CHEXS.Bot.sln -c Debug --no-build --nologo 2>&1 | tee test-output/dotnet-test.log
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test assemblies.
awk '/^(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
       gsub(",", ""); failed += $4; passed += $6
     }
     END { printf "%d passed, %d failed\n", passed, failed }' test-output/dotnet-test.log
exit "$status"
