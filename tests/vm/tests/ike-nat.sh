#!/bin/bash
# The IKE edge (ipsec/ike_connection.c, through tests/vm/tools/l2sec-ike-tool) behind the NAT
# topology (cli 198.51.100.2 masqueraded as 192.0.2.254) against strongSwan, default proposals:
#   1. NAT-T detected (phase-1 line "NAT-T: yes, we are behind a NAT"), IKE floats to 4500, the
#      ESP SAs are UDP-encapsulated (`ip xfrm state`: encap type espinudp sport 4500 dport
#      4500); datagrams and an L2TP SCCRQ to srv:1701 leave as ESP-in-UDP, xl2tpd's answer
#      comes back the same way (both directions on the server's wire, no plain ESP, no
#      cleartext L2TP); after SIGTERM XFRM state and policy are empty.
#   2. A wrong PSK behind the NAT: "pre-shared key mismatch", exit 1, nothing left.
#   Prints IKE_PHASE1_MS / IKE_PHASE2_MS.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

ike_tool_setup

vm_topology nat
vm_server || vm_fatal "the server starts"
vm_capture_start || vm_fatal "tcpdump starts"

# --- 1. behind the NAT ------------------------------------------------------------------
G_MESSAGES_DEBUG=all ip netns exec cli "$TOOL" "$SRV" auto --psk-file "$W/psk" --hold 120 --count 5 --l2tp-probe \
  > "$L/nat.out" 2> "$L/nat.err" &
PID=$!
if ! vm_wait_for "$L/nat.out" '^(COUNTERS|FAILED)' 120; then
  ike_show "$L/nat.out" "$L/nat.err"
  kill -TERM $PID 2>/dev/null
  vm_capture_stop
  vm_fatal "the tool establishes IKE and ESP behind the NAT within 120 s"
fi
ike_show "$L/nat.out" "$L/nat.err"
ike_times "$L/nat.out"
vm_check "NAT-T in the phase-1 line" grep -q '^PHASE IKE: phase 1 .* ms (NAT-T: yes, we are behind a NAT)$' "$L/nat.out"
vm_check "ESP installed with encap" grep -q '^ESP_INSTALLED .*encap=1' "$L/nat.out"
ip -n cli xfrm state > "$L/cli-state.txt"
ip -n cli xfrm policy > "$L/cli-policy.txt"
ike_show "$L/cli-state.txt" "$L/cli-policy.txt"
vm_check_cmp "two ESP SAs in netns cli" "$(grep -c 'proto esp' "$L/cli-state.txt")" -eq 2
vm_check_cmp "both in transport mode" "$(grep -c 'mode transport' "$L/cli-state.txt")" -eq 2
vm_check_cmp "both encap espinudp 4500/4500" "$(grep -c 'encap type espinudp sport 4500 dport 4500' "$L/cli-state.txt")" -eq 2
vm_check_cmp "two policies (in, out)" "$(grep -c '^src' "$L/cli-policy.txt")" -eq 2
vm_check "the tool sent its datagrams" grep -q '^SENT 5$' "$L/nat.out"
vm_check "xl2tpd's answer came back through ESP-in-UDP" grep -q '^L2TP_REPLY bytes=' "$L/nat.out"
PIN=$(sed -n 's/^COUNTERS .*packets_in=\([0-9]*\).*/\1/p' "$L/nat.out")
vm_check_cmp "kernel: inbound SA packets" "${PIN:-0}" -gt 0
vm_swanctl srv "$VM_SRV_DIR" --list-sas > "$L/srv-sas.txt" 2>&1
ike_show "$L/srv-sas.txt"
vm_check "charon: the CHILD SA is UDP-encapsulated" grep -q 'INSTALLED, TRANSPORT-in-UDP' "$L/srv-sas.txt"
vm_capture_stop
TO=$(vm_pcap_count "udp port 4500 and udp[8:4] != 0 and dst host $SRV")
FROM=$(vm_pcap_count "udp port 4500 and udp[8:4] != 0 and src host $SRV and udp[8:4] != 0xff000000")
echo "# wire: $TO ESP-in-UDP to the server, $FROM from it, $(vm_pcap_count esp) plain ESP, $(vm_cleartext_l2tp) cleartext udp/1701, $(vm_ike_packets) IKE"
vm_check_cmp "ESP-in-UDP to the server" "$TO" -ge 6
vm_check_cmp "ESP-in-UDP from the server" "$FROM" -gt 0
vm_check_cmp "no plain ESP (protocol 50)" "$(vm_pcap_count esp)" -eq 0
vm_check_cmp "cleartext L2TP packets on the wire" "$(vm_cleartext_l2tp)" -eq 0
ike_stop_tool $PID "$L/nat.out"
ike_show "$L/nat.out"

# --- 2. a wrong PSK behind the NAT --------------------------------------------------------
sleep 1
ike_tool_fails "wrong PSK" wrong "$SRV" --psk-file "$W/wrong-psk" --hold 5 --timeout-ms 20000
vm_check "wrong PSK: 'pre-shared key mismatch'" grep -q '^FAILED: .*pre-shared key mismatch' "$L/wrong.out"
vm_check "wrong PSK: ip xfrm state and policy empty in cli" ike_xfrm_empty

[ "$VM_FAILED" = 0 ] || vm_dump_logs 60
vm_done
