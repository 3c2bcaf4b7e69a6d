#!/usr/bin/env bash
# Runs the nightly billing job; for crontab or a systemd timer. Logs to $BILLING_LOG_DIR
# (default var/log) and exits non-zero when the night failed (1) or a file failed (3), so the
# scheduler can alert. A failed night resumes where it stopped when this runs again.
#
#   30 2 * * *  /opt/billing/scripts/cron/nightly.sh            # yesterday, UTC
#   /opt/billing/scripts/cron/nightly.sh --date 2026-11-23       # a given day
#
# Environment: BILLING_DB_URL (external PostgreSQL), BILLING_NIGHTLY_INBOX, BILLING_NIGHTLY_OUTBOX,
# BILLING_STRIPE_API_KEY; see README.md.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
billing="$(dirname "$here")/billing"
log_dir="${BILLING_LOG_DIR:-var/log}"
mkdir -p "$log_dir"
log="$log_dir/nightly-$(date -u +%Y%m%dT%H%M%SZ).log"

echo "nightly: started $(date -u +%FT%TZ), log $log" >&2
"$billing" nightly "$@" >"$log" 2>&1
status=$?
cat "$log" | grep -v '^[0-9:.]* \(DEBUG\|TRACE\) ' | tail -n 40 >&2
case $status in
  0) echo "nightly: completed" >&2 ;;
  3) echo "nightly: completed, but a file failed (moved to failed/ in the inbox); see $log" >&2 ;;
  *) echo "nightly: FAILED (exit $status); fix the cause and run this again to resume, see $log" >&2 ;;
esac
exit $status
