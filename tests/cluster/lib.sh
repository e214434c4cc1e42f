# shellcheck shell=bash
# Helpers shared by up.sh and down.sh (sourced, not run).

# The order in which components start; they are stopped in reverse.
KSTS_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler snapshot-controller volume-sim kwok)

ksts_log() { echo "[ksts-cluster] $*" >&2; }

ksts_state_root() {
  echo "${KSTS_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/kubectl-sts}"
}

# A cluster name ends up in paths, kubeconfig contexts and process arguments.
ksts_check_name() {
  if [[ ! "$1" =~ ^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$ ]]; then
    ksts_log "error: invalid cluster name '$1' (lower-case letters, digits and '-', at most 40)"
    return 2
  fi
}

# ksts_pid_alive DIR COMPONENT: true when the pid file names a live process
# that really is this cluster's component (its command line mentions DIR), so
# that a recycled pid is never taken for (or signalled as) ours.
ksts_pid_alive() {
  local dir=$1 comp=$2 pid
  pid=$(cat "$dir/pids/$comp.pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  ksts_pid_is_ours "$dir" "$pid"
}

ksts_pid_is_ours() {
  local dir=$1 pid=$2 cmdline
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ "$cmdline" == *"$dir/"* ]]
}

# Every process whose command line mentions the state dir: each component gets
# at least one path under it, so this finds strays whose pid file is lost.
# (grep matches its own command line too; it is gone by the re-check.)
ksts_pids_using() {
  local dir=$1 f pid
  while read -r f; do
    pid=${f#/proc/}
    pid=${pid%/cmdline}
    [ "$pid" = "$$" ] && continue
    if ksts_pid_is_ours "$dir" "$pid"; then echo "$pid"; fi
  done < <(grep -slF -- "$dir/" /proc/[0-9]*/cmdline 2>/dev/null || true)
}

# ksts_signal_wait DIR GRACE PID...: TERM the pids, wait up to GRACE seconds
# for them to exit, then KILL what is left.
ksts_signal_wait() {
  local dir=$1 grace=$2 pid
  shift 2
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  local deadline=$((SECONDS + grace)) left
  while :; do
    left=()
    for pid in "$@"; do
      if ksts_pid_is_ours "$dir" "$pid"; then left+=("$pid"); fi
    done
    [ ${#left[@]} -gt 0 ] || return 0
    if [ $SECONDS -ge $deadline ]; then
      ksts_log "still running after ${grace}s, sending KILL to: ${left[*]}"
      kill -KILL "${left[@]}" 2>/dev/null || true
      sleep 0.5
      return 0
    fi
    sleep 0.1
  done
}

# ksts_stop_all DIR: stop every process of the cluster in DIR: first all but
# etcd (so that the apiserver can shut down cleanly), then etcd; each gets
# TERM, then KILL after KSTS_STOP_GRACE seconds (default 10). Processes are
# found by pid file and by scanning for anything else that uses DIR (strays
# whose pid file was lost). Returns non-zero if something survives.
ksts_stop_all() {
  local dir=$1 grace=${KSTS_STOP_GRACE:-10} comp pid
  local -a first=() last=()
  declare -A seen=()
  for comp in "${KSTS_COMPONENTS[@]}"; do
    if ksts_pid_alive "$dir" "$comp"; then
      pid=$(cat "$dir/pids/$comp.pid")
      seen[$pid]=1
      if [ "$comp" = etcd ]; then last+=("$pid"); else first+=("$pid"); fi
    fi
  done
  while read -r pid; do
    if [ -z "$pid" ] || [ -n "${seen[$pid]:-}" ]; then continue; fi
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = etcd ]; then last+=("$pid"); else first+=("$pid"); fi
  done < <(ksts_pids_using "$dir")

  ksts_signal_wait "$dir" "$grace" "${first[@]}"
  ksts_signal_wait "$dir" "$grace" "${last[@]}"

  local -a left=()
  while read -r pid; do
    [ -n "$pid" ] && left+=("$pid")
  done < <(ksts_pids_using "$dir")
  if [ ${#left[@]} -gt 0 ]; then
    ksts_log "error: processes of $dir survived: ${left[*]}"
    return 1
  fi
  return 0
}
