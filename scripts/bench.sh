#!/usr/bin/env bash
# Run the CHEXS Bot benchmarks (issue 8) in Release and regenerate docs/benchmarks.md.
#
#   scripts/bench.sh                     all four sections (about 6–8 minutes on 2 cores)
#   scripts/bench.sh turns --quick       one section, shorter windows / fewer sizes
#   scripts/bench.sh memory --gc-variants   memory after load, also under the GC settings the shipped ones were chosen against
#   sections: all | turns | approvals | scheduler | startup | memory
#
# Not part of the test command: the tests stay fast and deterministic; this measures.
# Scratch databases and logs go to data/bench/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run -c Release --project bench -- "$@"
