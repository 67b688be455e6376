# shellcheck shell=bash disable=SC2034
# tests/vm/connect-lib.sh: helpers for the end-to-end tests of `l2sec connect`
# (tests/vm/tests/connect*.sh), sourced after lib.sh, inside the guest.
#
#   l2sec_setup                 the command and its pppd plugin (installed in
#                               the guest's overlay only, like `make install`)
#   l2sec_profile NAME K=V...   /etc/l2sec/profiles/NAME.conf (0600), defaults:
#                               the lab server, psk labsecret, alice/wonderland
#   l2sec_snapshot FILE         what must be the same after disconnect
#   l2sec_nothing_left BEFORE   checks: no SA, policy, L2TP tunnel, ppp, pppd;
#                               routes and resolv.conf as in BEFORE
#   l2sec_json_field JSON KEY   a top-level or dotted field of status --json
#   l2sec_check_eq WHAT GOT WANT  a check that compares strings

B=${L2SEC_BUILDDIR:?L2SEC_BUILDDIR}
L2SEC=$B/ui-cli/l2sec
L2SEC_LOG=$VM_LOGS/l2sec.log

l2sec_setup() {
  local dir
  dir=$(sed -n 's/^#define PPPD_PLUGIN_DIR "\(.*\)"/\1/p' "$B/config.h")
  [ -x "$L2SEC" ] || { echo "l2sec_setup: $L2SEC is not built"; return 1; }
  mkdir -p "$dir" && install -m 0644 "$B/l2tp/pppd-plugin/.libs/l2sec-pppd.so" "$dir/" || return 1
  mkdir -p /etc/l2sec/profiles && chmod 700 /etc/l2sec/profiles
  # the client namespace's own resolv.conf (ip netns exec mounts it over /etc/resolv.conf)
  mkdir -p /etc/netns/cli
  printf '# the client before l2sec\nnameserver 192.0.2.53\n' > /etc/netns/cli/resolv.conf
}

# l2sec_profile NAME [section.key=value ...]: keys override the defaults
l2sec_profile() {
  local name=$1 kv; shift
  declare -A v=(
    [connection.gateway]=$SRV
    [ipsec.psk]=labsecret
    [ipsec.ike-proposals]=default
    [ipsec.esp-proposals]=default
    [ppp.user]=alice
    [ppp.password]=wonderland
    [routes.default-route]=no
  )
  for kv in "$@"; do v[${kv%%=*}]=${kv#*=}; done
  local f=/etc/l2sec/profiles/$name.conf sec key
  : > "$f"; chmod 600 "$f"
  for sec in connection ipsec l2tp ppp routes; do
    echo "[$sec]" >> "$f"
    for key in "${!v[@]}"; do
      [ "${key%%.*}" = "$sec" ] || continue
      [ -n "${v[$key]}" ] && echo "${key#*.} = ${v[$key]}" >> "$f"
    done
  done
}

l2sec_snapshot() { # FILE
  {
    echo "== routes"; ip -n cli route show table main
    echo "== resolv.conf"; ip netns exec cli cat /etc/resolv.conf
  } > "$1"
}

l2sec_nothing_left() { # BEFORE
  local now=/tmp/l2sec-after.$$
  l2sec_snapshot "$now"
  vm_check "routes and resolv.conf as before" diff -u "$1" "$now"
  vm_check_cmp "XFRM states left" "$(ip -n cli xfrm state | grep -c '^src')" -eq 0
  vm_check_cmp "XFRM policies left" "$(ip -n cli xfrm policy | grep -c '^src')" -eq 0
  vm_check_cmp "L2TP tunnels left" "$(ip -n cli l2tp show tunnel 2>/dev/null | grep -c '^Tunnel')" -eq 0
  vm_check_cmp "ppp interfaces left" "$(ip -n cli -o link show | grep -c ': ppp')" -eq 0
  vm_check_cmp "pppd processes left" "$(l2sec_pppd_count)" -eq 0
  vm_check_cmp "l2sec processes left" "$(pgrep -c -x l2sec || true)" -eq 0
  rm -f "$now"
}

# pppd processes in netns cli (the server's pppd run in srv)
l2sec_pppd_count() {
  local pid n=0
  for pid in $(ip netns pids cli); do
    [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = pppd ] && n=$((n + 1))
  done
  echo "$n"
}

l2sec_check_eq() { # WHAT GOT WANT: a string comparison (vm_check_cmp compares integers)
  VM_CHECKS=$((VM_CHECKS + 1))
  if [ "$2" = "$3" ]; then echo "ok - $1 ($2)"; return 0; fi
  echo "not ok - $1 (got '$2', want '$3')"; VM_FAILED=$((VM_FAILED + 1)); return 1
}

l2sec_json_field() { # JSON DOTTED.KEY
  python3 -c 'import json, sys
d = json.loads(sys.argv[1])
for k in sys.argv[2].split("."):
    d = d[k]
print(json.dumps(d) if isinstance(d, (list, dict, bool)) or d is None else d)' "$1" "$2"
}

# l2sec_connect NAME [ARGS...]: l2sec connect in netns cli, logging to $L2SEC_LOG;
# sets L2SEC_RC, L2SEC_OUT (stdout+stderr) and L2SEC_CONNECT_S (wall clock)
l2sec_connect() {
  local name=$1 t0; shift
  t0=$(vm_now)
  L2SEC_OUT=$(ip netns exec cli "$L2SEC" connect "$name" --verbose --log "$L2SEC_LOG" "$@" 2>&1)
  L2SEC_RC=$?
  L2SEC_CONNECT_S=$(vm_elapsed "$t0")
  printf '%s\n' "$L2SEC_OUT" | sed 's/^/  | /'
}

l2sec_dump_log() {
  [ -s "$L2SEC_LOG" ] || return 0
  echo "===== l2sec.log (last ${1:-60} lines)"; tail -n "${1:-60}" "$L2SEC_LOG"
}
