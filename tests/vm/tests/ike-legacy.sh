#!/bin/bash
# The IKE edge (ipsec/ike_connection.c, through tests/vm/tools/l2sec-ike-tool) against a
# strongSwan that accepts only 3des-sha1-modp1024 (IKE) and 3des-sha1 (ESP), flat topology:
#   1. default proposals: the server answers NO_PROPOSAL_CHOSEN; the tool fails (exit 1)
#      with an error that names it and suggests `legacy`; nothing left in cli's XFRM.
#   2. ike=legacy, esp=legacy: Main Mode 3des-sha1-modp1024, ESP 3des-sha1 (cbc(des3_ede)) in
#      transport mode; datagrams to srv:1701 and an L2TP SCCRQ leave as ESP, xl2tpd's answer
#      (SCCRP) comes back as ESP and reaches the tool (ESP in both directions on the wire, the
#      kernel's inbound SA counted packets); after SIGTERM XFRM state and policy are empty.
#   Prints IKE_PHASE1_MS / IKE_PHASE2_MS for the legacy run.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

ike_tool_setup

vm_topology flat
vm_server ike_proposals=3des-sha1-modp1024 esp_proposals=3des-sha1 \
  || vm_fatal "the server starts (3DES/MODP1024 only)"

# --- 1. default proposals: NO_PROPOSAL_CHOSEN ------------------------------------------
ike_tool_fails default default "$SRV" --psk-file "$W/psk" --hold 5 --timeout-ms 20000
vm_check "default: NO_PROPOSAL_CHOSEN named" grep -q '^FAILED: .*NO_PROPOSAL_CHOSEN' "$L/default.out"
vm_check "default: the error suggests legacy" grep -q '^FAILED: .*legacy' "$L/default.out"
vm_check "default: ip xfrm state and policy empty in cli" ike_xfrm_empty

# --- 2. legacy ------------------------------------------------------------------------
vm_capture_start || vm_fatal "tcpdump starts"
G_MESSAGES_DEBUG=all ip netns exec cli "$TOOL" "$SRV" auto --psk-file "$W/psk" --ike legacy --esp legacy \
  --hold 120 --count 5 --l2tp-probe > "$L/legacy.out" 2> "$L/legacy.err" &
PID=$!
if ! vm_wait_for "$L/legacy.out" '^(COUNTERS|FAILED)' 120; then
  ike_show "$L/legacy.out" "$L/legacy.err"
  kill -TERM $PID 2>/dev/null
  vm_capture_stop
  vm_fatal "legacy: the tool establishes IKE and ESP within 120 s"
fi
ike_show "$L/legacy.out" "$L/legacy.err"
ike_times "$L/legacy.out"
vm_check "legacy: IKE 3des-sha1-modp1024" grep -q '^IKE_ESTABLISHED .*proposal=3des-sha1-modp1024' "$L/legacy.out"
vm_check "legacy: ESP 3des-sha1" grep -q '^ESP_INSTALLED .*proposal=3des-sha1 ' "$L/legacy.out"
vm_check "legacy: the phase-1 line" grep -q '^PHASE IKE: phase 1 3des-sha1-modp1024 in [0-9]* ms (NAT-T: no)$' "$L/legacy.out"
ip -n cli xfrm state > "$L/cli-state.txt"
ip -n cli xfrm policy > "$L/cli-policy.txt"
ike_show "$L/cli-state.txt" "$L/cli-policy.txt"
vm_check_cmp "two ESP SAs in netns cli" "$(grep -c 'proto esp' "$L/cli-state.txt")" -eq 2
vm_check_cmp "both in transport mode" "$(grep -c 'mode transport' "$L/cli-state.txt")" -eq 2
vm_check_cmp "both 3DES" "$(grep -c 'enc cbc(des3_ede)' "$L/cli-state.txt")" -eq 2
vm_check_cmp "two policies (in, out)" "$(grep -c '^src' "$L/cli-policy.txt")" -eq 2
vm_check "the tool sent its datagrams" grep -q '^SENT 5$' "$L/legacy.out"
vm_check "xl2tpd's answer came back through ESP" grep -q '^L2TP_REPLY bytes=' "$L/legacy.out"
PIN=$(sed -n 's/^COUNTERS .*packets_in=\([0-9]*\).*/\1/p' "$L/legacy.out")
POUT=$(sed -n 's/^COUNTERS .*packets_out=\([0-9]*\).*/\1/p' "$L/legacy.out")
vm_check_cmp "kernel: inbound SA packets" "${PIN:-0}" -gt 0
vm_check_cmp "kernel: outbound SA packets" "${POUT:-0}" -ge 6
vm_swanctl srv "$VM_SRV_DIR" --list-sas > "$L/srv-sas.txt" 2>&1
ike_show "$L/srv-sas.txt"
vm_check "charon: IKE SA with 3DES" grep -q '3DES_CBC' "$L/srv-sas.txt"
vm_capture_stop
TO=$(vm_pcap_count "esp and dst host $SRV")
FROM=$(vm_pcap_count "esp and src host $SRV")
echo "# wire: $TO ESP to the server, $FROM ESP from it, $(vm_cleartext_l2tp) cleartext udp/1701, $(vm_ike_packets) IKE"
vm_check_cmp "ESP to the server" "$TO" -ge 6
vm_check_cmp "ESP from the server" "$FROM" -gt 0
vm_check_cmp "cleartext L2TP packets on the wire" "$(vm_cleartext_l2tp)" -eq 0
ike_stop_tool $PID "$L/legacy.out"
ike_show "$L/legacy.out"

[ "$VM_FAILED" = 0 ] || vm_dump_logs 60
vm_done
