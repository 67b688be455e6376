#!/bin/bash
# ESP rekey through the IKE edge (ipsec/ike_connection.c via tests/vm/tools/l2sec-ike-tool)
# against strongSwan, flat topology, with a 40 s ESP lifetime: at 90 % (36 s) the client runs a
# new Quick Mode, installs the new pair, then deletes the old one at the server and in the
# kernel (make-before-break). Checks: the REKEYED line, exactly two SAs in cli afterwards with
# the new SPIs (the old ones gone), charon's CHILD SA has the new SPIs, an L2TP SCCRQ after the
# rekey is answered through the new pair (its inbound counter), no cleartext L2TP, and after
# SIGTERM nothing is left in cli's XFRM.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

ike_tool_setup

vm_topology flat
vm_server || vm_fatal "the server starts"
vm_capture_start || vm_fatal "tcpdump starts"

G_MESSAGES_DEBUG=all ip netns exec cli "$TOOL" "$SRV" auto --psk-file "$W/psk" --esp-lifetime 40 \
  --hold 300 --count 3 --l2tp-probe --resend-on-rekey > "$L/rekey.out" 2> "$L/rekey.err" &
PID=$!
if ! vm_wait_for "$L/rekey.out" '^(ESP_INSTALLED|FAILED)' 150; then
  ike_show "$L/rekey.out" "$L/rekey.err"
  kill -TERM $PID 2>/dev/null
  vm_capture_stop
  vm_fatal "the tool establishes IKE and ESP within 150 s"
fi
ike_times "$L/rekey.out"
OLD_IN=$(sed -n 's/^ESP_INSTALLED .*spi_in=\(0x[0-9a-f]*\).*/\1/p' "$L/rekey.out")
OLD_OUT=$(sed -n 's/^ESP_INSTALLED .*spi_out=\(0x[0-9a-f]*\).*/\1/p' "$L/rekey.out")
if ! vm_wait_for "$L/rekey.out" '^(REKEYED|FAILED)' 120; then
  ike_show "$L/rekey.out" "$L/rekey.err"
  kill -TERM $PID 2>/dev/null
  vm_capture_stop
  vm_fatal "the tool rekeys within 120 s of the install"
fi
NEW_IN=$(sed -n 's/^REKEYED spi_in=\(0x[0-9a-f]*\).*/\1/p' "$L/rekey.out" | head -1)
NEW_OUT=$(sed -n 's/^REKEYED .*spi_out=\(0x[0-9a-f]*\).*/\1/p' "$L/rekey.out" | head -1)
echo "# old pair $OLD_IN/$OLD_OUT, new pair $NEW_IN/$NEW_OUT"
vm_check "the rekey's phase line" grep -q '^PHASE IKE: rekeyed ESP ' "$L/rekey.out"
vm_check_cmp "new SPIs" "$([ "$NEW_IN" != "$OLD_IN" ] && [ "$NEW_OUT" != "$OLD_OUT" ] && echo 1 || echo 0)" -eq 1
# the old pair goes after the new one: the edge logs the install before the removal
vm_check "new pair installed before the old one was removed" awk -v n="spi $NEW_IN" -v o="removed ESP SA spi $OLD_IN" '
  index($0, "installed ESP SA " n) { seen_new = NR } index($0, o) { seen_old = NR }
  END { exit !(seen_new && seen_old && seen_new < seen_old) }' "$L/rekey.out"
# the SCCRQ after the rekey is answered, then the counters are printed for the new pair
vm_wait_for "$L/rekey.out" '^COUNTERS.*' 30
sleep 4
ip -n cli xfrm state > "$L/cli-state.txt"
ike_show "$L/rekey.out" "$L/cli-state.txt"
vm_check_cmp "two ESP SAs in cli after the rekey" "$(grep -c 'proto esp' "$L/cli-state.txt")" -eq 2
vm_check "the new SPIs in cli" sh -c "grep -q 'spi $NEW_IN' '$L/cli-state.txt' && grep -q 'spi $NEW_OUT' '$L/cli-state.txt'"
vm_check "the old SPIs gone from cli" sh -c "! grep -q -e 'spi $OLD_IN' -e 'spi $OLD_OUT' '$L/cli-state.txt'"
vm_check_cmp "two L2TP answers (before and after the rekey)" "$(grep -c '^L2TP_REPLY' "$L/rekey.out")" -ge 2
# the old inbound SA is gone from the kernel: what arrives now came through the new one
vm_check_cmp "L2TP answers after the rekey (through the new pair)" "$(sed -n '/^REKEYED/,$p' "$L/rekey.out" | grep -c '^L2TP_REPLY')" -gt 0
vm_swanctl srv "$VM_SRV_DIR" --list-sas > "$L/srv-sas.txt" 2>&1
ike_show "$L/srv-sas.txt"
vm_check "charon: the CHILD SA has the new SPIs" grep -q "${NEW_OUT#0x}" "$L/srv-sas.txt"
vm_capture_stop
vm_check_cmp "cleartext L2TP packets on the wire" "$(vm_cleartext_l2tp)" -eq 0
ike_stop_tool $PID "$L/rekey.out"
PIN=$(sed -n 's/^COUNTERS .*packets_in=\([0-9]*\).*/\1/p' "$L/rekey.out" | tail -1)
vm_check_cmp "kernel: the new inbound SA's packets (at SIGTERM)" "${PIN:-0}" -gt 0

[ "$VM_FAILED" = 0 ] || vm_dump_logs 80
vm_done
