#!/bin/bash
# l2sec's IKEv1 initiator (ipsec/ikev1_sa.c) against the real strongSwan responder,
# through tests/vm/tools/l2sec-ike-tool, with the default proposals, flat topology:
#   1. Main Mode + Quick Mode complete (IKE_ESTABLISHED, ESP_INSTALLED); netns cli holds
#      two transport ESP SAs; charon lists the IKE SA and the CHILD SA; the tool's
#      datagrams cli:1701 -> srv:1701 are ESP on the wire, no cleartext L2TP; after
#      SIGTERM (Deletes sent, undo list run) `ip xfrm state` and `ip xfrm policy` are
#      empty in cli. Prints IKE_PHASE1_MS (start -> Main Mode done) and IKE_PHASE2_MS
#      (Main Mode done -> ESP installed).
#   2. A wrong PSK: "pre-shared key mismatch", exit 1, nothing left in cli's XFRM.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

ike_tool_setup

vm_topology flat
vm_server || vm_fatal "the server starts (strongSwan IKEv1 PSK + xl2tpd)"
vm_capture_start || vm_fatal "tcpdump starts"

# --- 1. the right PSK -------------------------------------------------------------
ip netns exec cli "$TOOL" "$SRV" "$CLI_ADDR" --psk-file "$W/psk" --hold 120 --count 5 \
  > "$L/good.out" 2> "$L/good.err" &
PID=$!
if ! vm_wait_for "$L/good.out" '^(SENT|FAILED)' 120; then
  ike_show "$L/good.out" "$L/good.err"
  kill -TERM $PID 2>/dev/null
  vm_fatal "the tool establishes IKE and ESP within 120 s"
fi
ike_show "$L/good.out" "$L/good.err"
vm_check "IKE_ESTABLISHED printed" grep -q '^IKE_ESTABLISHED ms=' "$L/good.out"
vm_check "ESP_INSTALLED printed" grep -q '^ESP_INSTALLED ms=' "$L/good.out"
P1=$(sed -n 's/^IKE_ESTABLISHED ms=\([0-9]*\).*/\1/p' "$L/good.out")
P2END=$(sed -n 's/^ESP_INSTALLED ms=\([0-9]*\).*/\1/p' "$L/good.out")
echo "IKE_PHASE1_MS=${P1:-?}"
[ -n "$P1" ] && [ -n "$P2END" ] && echo "IKE_PHASE2_MS=$((P2END - P1))"

ip -n cli xfrm state > "$L/cli-state.txt"
ip -n cli xfrm policy > "$L/cli-policy.txt"
echo "# cli SAs: $(grep -E '^src|proto esp|mode' "$L/cli-state.txt" | tr -s ' \t\n' ' ')"
vm_check_cmp "two ESP SAs in netns cli" "$(grep -c 'proto esp' "$L/cli-state.txt")" -eq 2
vm_check_cmp "both in transport mode" "$(grep -c 'mode transport' "$L/cli-state.txt")" -eq 2
vm_check_cmp "two policies (in, out) in netns cli" "$(grep -c '^src' "$L/cli-policy.txt")" -eq 2

vm_swanctl srv "$VM_SRV_DIR" --list-sas > "$L/srv-sas.txt" 2>&1
ike_show "$L/srv-sas.txt"
vm_check "charon lists the IKE SA ESTABLISHED" grep -q 'IKEv1.*ESTABLISHED\|ESTABLISHED.*IKEv1' "$L/srv-sas.txt"
vm_check "charon lists the CHILD SA INSTALLED, TRANSPORT" grep -q 'INSTALLED, TRANSPORT' "$L/srv-sas.txt"

sleep 0.5
vm_capture_stop
ESP=$(vm_esp_packets)
CLEAR=$(vm_cleartext_l2tp)
echo "# wire: $ESP ESP, $CLEAR cleartext udp/1701, $(vm_ike_packets) IKE"
vm_check "the tool sent its datagrams" grep -q '^SENT 5$' "$L/good.out"
vm_check_cmp "ESP packets on the wire" "$ESP" -gt 0
vm_check_cmp "cleartext L2TP packets on the wire" "$CLEAR" -eq 0

kill -TERM $PID
if vm_wait_pid $PID 30; then
  vm_check_cmp "the tool exits 0 after SIGTERM" "$WAIT_RC" -eq 0
else
  kill -KILL $PID 2>/dev/null
  vm_check "the tool exits within 30 s of SIGTERM" false
fi
ike_show "$L/good.out"
vm_check "CLOSED and CLEAN printed" grep -q '^CLEAN' "$L/good.out"
vm_check "after exit: ip xfrm state and policy empty in cli" ike_xfrm_empty
sleep 1
vm_swanctl srv "$VM_SRV_DIR" --list-sas > "$L/srv-sas-after.txt" 2>&1
RC_LIST=$?
ike_show "$L/srv-sas-after.txt"
vm_check_cmp "swanctl --list-sas works after the close" "$RC_LIST" -eq 0
vm_check "charon deleted the IKE SA (our Delete)" sh -c "! grep -q 'IKEv1' '$L/srv-sas-after.txt'"

# --- 2. a wrong PSK -----------------------------------------------------------------
ip netns exec cli "$TOOL" "$SRV" "$CLI_ADDR" --psk-file "$W/wrong-psk" --hold 5 \
  > "$L/wrong.out" 2> "$L/wrong.err" &
PID=$!
if vm_wait_pid $PID 90; then
  ike_show "$L/wrong.out" "$L/wrong.err"
  vm_check_cmp "wrong PSK: the tool exits 1" "$WAIT_RC" -eq 1
else
  kill -TERM $PID 2>/dev/null
  vm_wait_pid $PID 10
  ike_show "$L/wrong.out" "$L/wrong.err"
  vm_check "wrong PSK: the tool exits within 90 s" false
fi
vm_check "wrong PSK: 'pre-shared key mismatch'" grep -q 'pre-shared key mismatch' "$L/wrong.out"
vm_check "wrong PSK: ip xfrm state and policy empty in cli" ike_xfrm_empty

if [ "$VM_FAILED" != 0 ]; then vm_dump_logs 60; fi
vm_done
