#!/usr/bin/env bash
# Run the CHEXS Bot benchmarks (issue 8) in Release and regenerate docs/benchmarks.md.
#
#   scripts/bench.sh                     all sections, LiteDB and PostgreSQL (about 15–25 minutes on 2 cores)
#   scripts/bench.sh turns --quick       one section, shorter windows / fewer sizes
#   scripts/bench.sh postgresql          turns, approvals and the scheduler (1M sessions) with the bot on PostgreSQL
#   scripts/bench.sh postgresql --smoke --no-docs   seconds-long proof that the PostgreSQL sections work (no numbers kept)
#   scripts/bench.sh memory --gc-variants   memory after load, also under the GC settings the shipped ones were chosen against
#   sections: all | turns | approvals | scheduler | startup | memory | postgresql | report
#
# For `all` and `postgresql` a throwaway PostgreSQL server is started on this machine the way scripts/test-postgres.sh
# starts the tests' one (installed first if missing, as root), but durable (fsync on), and removed at exit.
# Not part of the test command: the tests stay fast and deterministic; this measures.
# Scratch databases and logs go to data/bench/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

verb=all
for arg in "$@"; do
  case "$arg" in --*) ;; *) verb=$arg; break ;; esac
done
if [ "$verb" = all ] || [ "$verb" = postgresql ]; then
  PG_DURABLE=1 source scripts/test-postgres.sh
  export CHEXS_BENCH_POSTGRES="$CHEXS_TEST_POSTGRES"
fi

# Not exec: the PostgreSQL server's exit trap must run when the bench ends.
dotnet run -c Release --project bench -- "$@"
