#!/bin/bash
# l2sec's whole L2TP side — the control engine, the kernel data path, pppd with
# l2sec's plugin, wired by l2tp/l2tp_connection.c — against a real xl2tpd LNS
# in cleartext (ipsec=off), through tests/vm/tools/l2sec-l2tp-connect:
#   1. connect: a PPP interface with a 10.99.0.x address, ping 10.99.0.1,
#      the SCCRQ -> ip-up time (L2TP_CONNECT_MS), a clean hang-up on SIGTERM;
#   1b. pppd killed: CDN and StopCCN to the server, the error, exit 1 (on an
#      ephemeral source port);
#   2. a wrong PPP password: "PPP: authentication failed for user alice", exit 1;
#   3. tunnel authentication (challenge, tunnel secret, hidden bit): connect
#      works; a wrong tunnel secret fails with the tunnel-authentication error.
# After each: no kernel L2TP tunnel and no pppd left in netns cli. Last, the
# reference LAC against the same server, for the time ratio (informational).
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

B=${L2SEC_BUILDDIR:?L2SEC_BUILDDIR}
TOOL=$B/tests/vm/tools/l2sec-l2tp-connect
PLUGIN=$B/l2tp/pppd-plugin/.libs/l2sec-pppd.so
W=/tmp/l2c
L=$VM_LOGS/l2c
mkdir -p "$W" "$L"
chmod 700 "$W"
printf 'wonderland\n' > "$W/password"
printf 'not-wonderland\n' > "$W/wrong-password"
printf 'l2tpsecret' > "$W/secret"
printf 'wrongsecret' > "$W/wrong-secret"
chmod 600 "$W"/password "$W"/wrong-password "$W"/secret "$W"/wrong-secret

[ -x "$TOOL" ] || vm_fatal "$TOOL is built"
[ -f "$PLUGIN" ] || vm_fatal "$PLUGIN is built"

# shellcheck source=tests/vm/l2tp-lib.sh
. "$(dirname "$0")/../l2tp-lib.sh"

# hang_up NAME: SIGTERM, then the tool prints DOWN and exits 0, nothing left behind
hang_up() {
  local name=$1
  kill -TERM "$CLI_PID"
  if vm_wait_pid "$CLI_PID" 60; then
    vm_check_cmp "$name: the tool exits 0 after SIGTERM" "$WAIT_RC" -eq 0
  else
    vm_check "$name: the tool ends within 60 s of SIGTERM" false
    kill -9 "$CLI_PID"
  fi
  vm_check "$name: the tool printed DOWN" grep -qx DOWN "$L/$name.out"
  vm_check "$name: no kernel L2TP tunnel left in cli" no_l2tp_tunnel_in cli
  vm_check "$name: no pppd left in cli" no_pppd_in cli
}

# connect_fail NAME PASSWORD-FILE [TOOL-OPTIONS...]: runs to the end; status in FAIL_RC
connect_fail() {
  local name=$1 pw=$2; shift 2
  ip netns exec cli timeout 150 "$TOOL" 192.0.2.1 alice --timeout 90 --plugin "$PLUGIN" \
    --runtime-dir "$W/run" "$@" < "$pw" > "$L/$name.out" 2> "$L/$name.err"
  FAIL_RC=$?
  show "$L/$name.out" "$L/$name.err"
}

### 1. plain L2TP
vm_topology flat
vm_server ipsec=off || vm_fatal "the server starts (ipsec=off)"
vm_capture_start || vm_fatal "tcpdump starts"
connect_hold plain || vm_fatal "l2sec-l2tp-connect comes up against xl2tpd"
read -r _ IFN LOCAL PEER _ < <(grep '^UP ' "$L/plain.out")
MS=$(grep -o 't_ms=[0-9]*' "$L/plain.out" | cut -d= -f2)
echo "L2TP_CONNECT_MS=$MS"
vm_check "UP names a ppp interface" sh -c "case '$IFN' in ppp*) exit 0;; *) exit 1;; esac"
vm_check "the local address is in 10.99.0.0/24 ($LOCAL)" sh -c "case '$LOCAL' in 10.99.0.*) exit 0;; *) exit 1;; esac"
vm_check "the peer is 10.99.0.1" [ "$PEER" = 10.99.0.1 ]
vm_check "UP carries the server's DNS (10.99.0.1 10.99.0.2)" grep -q '^UP .* 10\.99\.0\.1 10\.99\.0\.2 t_ms=' "$L/plain.out"
vm_check "$IFN has $LOCAL in netns cli" sh -c "ip -n cli -4 addr show dev '$IFN' | grep -q 'inet $LOCAL '"
vm_check_cmp "SCCRQ -> ip-up time is measured (ms)" "${MS:-x}" -gt 0
vm_check "the L2TP phase line names tunnel and session" grep -qE '^L2TP: tunnel [0-9]+/[0-9]+ and session [0-9]+/[0-9]+ up in [0-9]+ ms$' "$L/plain.err"
vm_check "the PPP phase line names the interface and DNS" grep -qE "^PPP: $IFN $LOCAL peer 10\.99\.0\.1, DNS 10\.99\.0\.1 10\.99\.0\.2, in [0-9]+ ms$" "$L/plain.err"
vm_check_cmp "one kernel L2TP tunnel in cli while up" "$(ip -n cli l2tp show tunnel | grep -c '^Tunnel')" -eq 1
vm_check "ping 10.99.0.1 through the tunnel" ip netns exec cli ping -q -c 3 -i 0.2 -W 3 10.99.0.1
# (the pattern from the file, so that grep's own argv does not hold it)
vm_check "no password on any argv or environment" sh -c "! grep -qlF -a -f '$W/password' /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null"
hang_up plain

### 1b. pppd killed under us, on an ephemeral source port: CDN and StopCCN
### to the server, the error, nothing left behind
if connect_hold killpppd --ephemeral; then
  vm_check "ephemeral source port: UP" true
  vm_check "ephemeral source port: the tunnel's UDP socket is not on 1701" \
    sh -c "ip netns exec cli ss -unp | grep l2sec-l2tp-con | grep -q '192.0.2.2:' && ! ip netns exec cli ss -unp | grep l2sec-l2tp-con | grep -q '192.0.2.2:1701 '"
  CDN0=$(tcpdump -nr /tmp/wire.pcap -v 'src host 192.0.2.2 and udp' 2>/dev/null | grep -c -E 'CDN|StopCCN')
  for p in $(ip netns pids cli); do
    [ "$(cat /proc/"$p"/comm 2>/dev/null)" = pppd ] && kill -KILL "$p"
  done
  if vm_wait_pid "$CLI_PID" 60; then
    vm_check_cmp "pppd killed: the tool exits 1" "$WAIT_RC" -eq 1
  else
    vm_check "pppd killed: the tool ends within 60 s" false
    kill -9 "$CLI_PID"
  fi
  show "$L/killpppd.out"
  vm_check "pppd killed: the error says so" grep -q '^PPP: pppd was killed by signal 9' "$L/killpppd.out"
  vm_check "pppd killed: no kernel L2TP tunnel left in cli" no_l2tp_tunnel_in cli
  vm_check "pppd killed: no pppd left in cli" no_pppd_in cli
  sleep 0.5
  vm_check_cmp "pppd killed: CDN and StopCCN sent to the server" \
    "$(tcpdump -nr /tmp/wire.pcap -v 'src host 192.0.2.2 and udp' 2>/dev/null | grep -c -E 'CDN|StopCCN')" -ge $((CDN0 + 2))
else
  vm_check "ephemeral source port: UP" false
  kill "$CLI_PID" 2>/dev/null
fi

### 2. a wrong PPP password
connect_fail badpw "$W/wrong-password"
vm_check_cmp "wrong password: the tool exits 1" "$FAIL_RC" -eq 1
vm_check "wrong password: \"PPP: authentication failed for user alice\"" grep -qx 'PPP: authentication failed for user alice' "$L/badpw.out"
vm_check "wrong password: no UP" sh -c "! grep -q '^UP' '$L/badpw.out'"
vm_check "wrong password: no kernel L2TP tunnel left in cli" no_l2tp_tunnel_in cli
vm_check "wrong password: no pppd left in cli" no_pppd_in cli
vm_capture_stop
vm_check_cmp "cleartext L2TP packets on the wire" "$(vm_cleartext_l2tp)" -gt 0
vm_check_cmp "StopCCN/CDN from the client on the wire" \
  "$(tcpdump -nr /tmp/wire.pcap -v 'src host 192.0.2.2 and udp port 1701' 2>/dev/null | grep -c -E 'StopCCN|CDN')" -gt 0

### 3. tunnel authentication (challenge, hidden bit)
kill "$VM_SRV_XL2TPD" 2>/dev/null; wait "$VM_SRV_XL2TPD" 2>/dev/null
vm_server ipsec=off challenge=yes tunnel_secret=l2tpsecret hidden=yes ||
  vm_fatal "the server starts again with challenge=yes and a tunnel secret"
if connect_hold secret --secret-file "$W/secret"; then
  vm_check "tunnel secret: UP" true
  vm_check "tunnel secret: ping 10.99.0.1" ip netns exec cli ping -q -c 2 -i 0.2 -W 3 10.99.0.1
  echo "L2TP_CONNECT_MS_SECRET=$(grep -o 't_ms=[0-9]*' "$L/secret.out" | cut -d= -f2)"
  hang_up secret
else
  vm_check "tunnel secret: UP" false
  kill "$CLI_PID" 2>/dev/null
fi
connect_fail badsecret "$W/password" --secret-file "$W/wrong-secret"
vm_check_cmp "wrong tunnel secret: the tool exits 1" "$FAIL_RC" -eq 1
vm_check "wrong tunnel secret: the tunnel-authentication error" \
  grep -q 'L2TP: the server failed tunnel authentication (wrong tunnel secret?)' "$L/badsecret.out"
vm_check "wrong tunnel secret: no kernel L2TP tunnel left in cli" no_l2tp_tunnel_in cli
vm_check "wrong tunnel secret: no pppd left in cli" no_pppd_in cli
connect_fail nosecret "$W/password"
vm_check_cmp "no tunnel secret against challenge=yes: exit 1" "$FAIL_RC" -eq 1
vm_check "no tunnel secret: says the server asks for tunnel authentication" \
  grep -q 'L2TP: the server asks for tunnel authentication' "$L/nosecret.out"

### 4. for scale: the reference LAC (xl2tpd + pppd) against the same server, same VM
if vm_reference_client ipsec=off challenge=yes tunnel_secret=l2tpsecret hidden=yes; then
  vm_check "the reference LAC connects too" true
  S_MS=$(grep -o 't_ms=[0-9]*' "$L/secret.out" | cut -d= -f2)
  [ -n "$S_MS" ] && echo "L2TP_CONNECT_RATIO=$(echo "scale=2; $S_MS / ($REF_TOTAL_S * 1000)" | bc) (l2sec SCCRQ->ip-up / reference start->address)"
else
  vm_check "the reference LAC connects too" false
fi

[ "$VM_FAILED" = 0 ] || vm_dump_logs
vm_done
