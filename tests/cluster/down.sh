#!/usr/bin/env bash
# down.sh [--keep] NAME: stop every process of the test cluster NAME (TERM,
# then KILL after KSTS_STOP_GRACE seconds, default 10), check that none is
# left, and remove its state dir unless --keep is given (logs stay readable).
# Idempotent: exits 0 when the cluster is already down or never existed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

keep=false
name=""
for arg in "$@"; do
  case $arg in
    --keep) keep=true ;;
    -h | --help) echo "usage: $0 [--keep] NAME" >&2; exit 0 ;;
    -*) echo "usage: $0 [--keep] NAME" >&2; exit 2 ;;
    *) [ -z "$name" ] || { echo "usage: $0 [--keep] NAME" >&2; exit 2; }; name=$arg ;;
  esac
done
[ -n "$name" ] || { echo "usage: $0 [--keep] NAME" >&2; exit 2; }
ksts_check_name "$name"

root=$(ksts_state_root)
dir="$root/clusters/$name"
if [ ! -d "$dir" ]; then
  # Nothing recorded; still make sure no process is left from a lost dir.
  ksts_stop_all "$dir"
  ksts_log "cluster '$name' is not running"
  exit 0
fi

# Wait for a concurrent up.sh/down.sh of the same cluster to finish first.
mkdir -p "$root/locks"
exec 8>"$root/locks/$name.lock"
flock 8

rm -f "$dir/ready"
ksts_stop_all "$dir"
if $keep; then
  ksts_log "cluster '$name' stopped; state kept in $dir"
else
  rm -rf "$dir"
  ksts_log "cluster '$name' stopped and removed"
fi
