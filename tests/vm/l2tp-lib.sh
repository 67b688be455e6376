# Helpers of the L2TP VM tests that drive tests/vm/tools/l2sec-l2tp-connect
# ($TOOL, $PLUGIN, $W with the password file, $L for the output): sourced after
# lib.sh by l2tp-xl2tpd.sh and l2tp-server-close.sh.

procs_in() { # NETNS NAME: pids of NAME in NETNS
  local p
  for p in $(ip netns pids "$1"); do
    [ "$(cat /proc/"$p"/comm 2>/dev/null)" = "$2" ] && echo "$p"
  done
}
no_pppd_in() { [ -z "$(procs_in "$1" pppd)" ]; }
no_l2tp_tunnel_in() { [ -z "$(ip -n "$1" l2tp show tunnel 2>/dev/null)" ]; }
no_ppp_if_in() { ! ip -n "$1" -o link show 2>/dev/null | grep -q ': ppp[0-9]'; }
show() { # FILE...: into the test's output
  local f
  for f in "$@"; do echo "# --- ${f#"$VM_LOGS"/}"; sed 's/^/# /' "$f"; done
}

# connect_hold NAME [TOOL-OPTIONS...]: start the tool in the background (pid in
# CLI_PID), wait for UP; on failure show its output and stop it
connect_hold() {
  local name=$1; shift
  ip netns exec cli "$TOOL" 192.0.2.1 alice --until-signal --timeout 90 --plugin "$PLUGIN" \
    --runtime-dir "$W/run" "$@" < "$W/password" > "$L/$name.out" 2> "$L/$name.err" &
  CLI_PID=$!
  if ! vm_wait_for "$L/$name.out" '^UP ' 120; then
    show "$L/$name.out" "$L/$name.err"
    kill "$CLI_PID" 2>/dev/null
    return 1
  fi
  show "$L/$name.out" "$L/$name.err"
}
