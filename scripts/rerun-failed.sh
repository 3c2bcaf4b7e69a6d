#!/usr/bin/env bash
# After a crash or a failed night: recover executions left STARTED by a dead process, then restart
# every failed execution of the last N days (default 3), oldest first. Restarting a night resumes
# its own ingest and rate jobs, so only nightly executions are restarted when there are any; ingest
# and rate executions of no night (run by hand) are restarted too.
#   scripts/rerun-failed.sh [DAYS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
billing="$here/billing"
days="${1:-3}"
since="$(date -u -d "-$days days" +%F)"

"$billing" jobs recover
# one JSON object per line, newest first; keep the newest execution of each failed instance
# (job and parameters), then go oldest first
mapfile -t failed < <("$billing" jobs list --status FAILED --since "$since" --limit 500 --json |
  sed -n 's/^{"id":\([0-9]*\),"job":"\([a-z]*\)","parameters":"\([^"]*\)".*/\1 \2 \3/p' |
  awk '!seen[$2 " " $3]++' | sort -n)
if [[ ${#failed[@]} -eq 0 ]]; then
  echo "rerun-failed: nothing failed since $since"
  exit 0
fi
status=0
for line in "${failed[@]}"; do
  read -r id job params <<<"$line"
  # skip an instance that completed since (a later execution of the same parameters)
  if "$billing" jobs list --status COMPLETED --job "$job" --limit 500 --json | grep -qF "\"parameters\":\"$params\""; then
    echo "rerun-failed: $job $params (execution $id) has completed since; nothing to do"
    continue
  fi
  echo "rerun-failed: restarting $job $params (execution $id)"
  "$billing" jobs restart "$id" || status=1
done
exit $status
