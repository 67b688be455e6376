#!/bin/bash
# The server hanging up while l2sec's L2TP connection is up (IPsec off,
# tests/vm/tools/l2sec-l2tp-connect against the xl2tpd LNS) is noticed and
# reported with the reason, and nothing is left behind (no pppd, no kernel
# L2TP tunnel, no ppp interface in netns cli):
#   a. xl2tpd stopped gracefully (SIGTERM): its StopCCN's Result Code text;
#   b. xl2tpd killed (SIGKILL), silent: HELLO (every 2 s here) unanswered,
#      reported as a timeout;
#   c. the server's pppd killed (LCP Terminate, then xl2tpd's CDN): reported.
# Then d: with a tunnel secret and --hide-avps against xl2tpd's `hidden bit`
# and `challenge`: our hidden AVPs (RFC 2661 §4.3) are on the wire and xl2tpd
# reveals them: PPP up, ping, a clean hang-up.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

B=${L2SEC_BUILDDIR:?L2SEC_BUILDDIR}
TOOL=$B/tests/vm/tools/l2sec-l2tp-connect
PLUGIN=$B/l2tp/pppd-plugin/.libs/l2sec-pppd.so
W=/tmp/l2sc
L=$VM_LOGS/l2sc
mkdir -p "$W" "$L"
chmod 700 "$W"
printf 'wonderland\n' > "$W/password"
printf 'l2tpsecret' > "$W/secret"
chmod 600 "$W/password" "$W/secret"

[ -x "$TOOL" ] || vm_fatal "$TOOL is built"
[ -f "$PLUGIN" ] || vm_fatal "$PLUGIN is built"

# shellcheck source=tests/vm/l2tp-lib.sh
. "$(dirname "$0")/../l2tp-lib.sh"

# server_down NAME SECONDS: the tool ends by itself within SECONDS, exit 1, nothing left
server_down() {
  local name=$1 secs=$2 t0
  t0=$(vm_now)
  if vm_wait_pid "$CLI_PID" "$secs"; then
    vm_check_cmp "$name: the tool exits 1" "$WAIT_RC" -eq 1
    echo "# $name: the tool ended $(vm_elapsed "$t0") s after the server went"
  else
    vm_check "$name: the tool ends within $secs s" false
    kill -9 "$CLI_PID" 2>/dev/null
  fi
  show "$L/$name.out" "$L/$name.err"
  vm_check "$name: no DOWN (a failure, not a hang-up)" sh -c "! grep -qx DOWN '$L/$name.out'"
  vm_check "$name: no pppd left in cli" no_pppd_in cli
  vm_check "$name: no kernel L2TP tunnel left in cli" no_l2tp_tunnel_in cli
  vm_check "$name: no ppp interface left in cli" no_ppp_if_in cli
}

# server_restart [VM_SERVER-OPTIONS...]: whatever is left of the server goes, then a fresh one
server_restart() {
  local p
  kill -9 "$VM_SRV_XL2TPD" 2>/dev/null; wait "$VM_SRV_XL2TPD" 2>/dev/null
  for p in $(procs_in srv pppd); do kill -9 "$p"; done
  sleep 0.5
  vm_server ipsec=off "$@" || vm_fatal "the server starts again"
}

vm_topology flat
vm_server ipsec=off || vm_fatal "the server starts (ipsec=off)"
vm_capture_start || vm_fatal "tcpdump starts"

### a. xl2tpd stopped gracefully: StopCCN with a Result Code
if connect_hold stopccn --hello-ms 2000; then
  kill -TERM "$VM_SRV_XL2TPD"
  server_down stopccn 30
  vm_check "stopccn: the error names the server's StopCCN" \
    grep -q '^L2TP: the server closed the tunnel: ' "$L/stopccn.out"
  vm_check "stopccn: with xl2tpd's Result Code message (\"Server closing\")" \
    grep -q '^L2TP: the server closed the tunnel: .*Server closing' "$L/stopccn.out"
else
  vm_check "stopccn: UP" false
fi
vm_check_cmp "stopccn: xl2tpd sent StopCCN on the wire" \
  "$(tcpdump -nr /tmp/wire.pcap -v 'src host 192.0.2.1 and udp port 1701' 2>/dev/null | grep -c StopCCN)" -gt 0

### b. xl2tpd killed: silence, HELLO unanswered -> timeout
server_restart
if connect_hold silent --hello-ms 2000 --retries 3; then
  kill -9 "$VM_SRV_XL2TPD"
  server_down silent 40
  vm_check "silent: reported as a timeout of our HELLO" \
    grep -q '^L2TP: the server did not answer HELLO after 3 retransmissions' "$L/silent.out"
else
  vm_check "silent: UP" false
fi

### c. the server's pppd killed: LCP Terminate-Request and xl2tpd's CDN
server_restart
if connect_hold pppkill --hello-ms 2000; then
  SRV_PPPD=$(procs_in srv pppd)
  vm_check "pppkill: one pppd on the server" [ "$(echo "$SRV_PPPD" | wc -w)" = 1 ]
  kill -TERM $SRV_PPPD
  server_down pppkill 40
  vm_check "pppkill: the reason is the server's (CDN or PPP link terminated)" \
    grep -qE '^(L2TP: the server disconnected the call: |PPP: )' "$L/pppkill.out"
  vm_check "pppkill: the server's xl2tpd still runs" kill -0 "$VM_SRV_XL2TPD"
else
  vm_check "pppkill: UP" false
fi

### d. hidden AVPs on send, against xl2tpd with hidden bit = yes and challenge = yes
server_restart challenge=yes tunnel_secret=l2tpsecret hidden=yes
if connect_hold hidden --secret-file "$W/secret" --hide-avps; then
  vm_check "hidden: UP" true
  echo "L2TP_CONNECT_MS_HIDDEN=$(grep -o 't_ms=[0-9]*' "$L/hidden.out" | cut -d= -f2)"
  vm_check "hidden: ping 10.99.0.1" ip netns exec cli ping -q -c 2 -i 0.2 -W 3 10.99.0.1
  kill -TERM "$CLI_PID"
  if vm_wait_pid "$CLI_PID" 60; then
    vm_check_cmp "hidden: the tool exits 0 after SIGTERM" "$WAIT_RC" -eq 0
  else
    vm_check "hidden: the tool ends within 60 s of SIGTERM" false
    kill -9 "$CLI_PID" 2>/dev/null
  fi
  vm_check "hidden: the tool printed DOWN" grep -qx DOWN "$L/hidden.out"
  vm_check "hidden: no pppd left in cli" no_pppd_in cli
  vm_check "hidden: no kernel L2TP tunnel left in cli" no_l2tp_tunnel_in cli
else
  vm_check "hidden: UP" false
fi
sleep 0.3
tcpdump -nr /tmp/wire.pcap -v 'src host 192.0.2.2 and udp port 1701' 2>/dev/null |
  grep -E 'ICRQ|ICCN|SCCCN|CDN|StopCCN' > "$L/hidden-wire.txt"
show "$L/hidden-wire.txt"
# tcpdump marks a hidden AVP with '?': *?ASSND_SESS_ID(???)
vm_check "hidden: our ICRQ hides its Assigned Session ID on the wire" \
  grep -qE 'ICRQ.*RANDOM_VECTOR.*\?ASSND_SESS_ID' "$L/hidden-wire.txt"
vm_check "hidden: our ICCN hides its framing type" grep -qE 'ICCN.*\?FRAMING_TYPE' "$L/hidden-wire.txt"
vm_check "hidden: our SCCCN hides its Challenge Response" grep -qE 'SCCCN.*\?CHALLENGE_RESP' "$L/hidden-wire.txt"

vm_capture_stop
[ "$VM_FAILED" = 0 ] || vm_dump_logs
vm_done
