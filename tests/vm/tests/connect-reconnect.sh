#!/bin/bash
# Reconnect: the server hangs up the PPP session of a connected l2sec (its
# pppd killed); l2sec reports why, sets the tunnel up again after its backoff,
# and `status` shows the second attempt up; the wire never carries cleartext
# L2TP meanwhile. Then disconnect leaves nothing.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/connect-lib.sh
. "$(dirname "$0")/../connect-lib.sh"

vm_topology flat
l2sec_setup || vm_fatal "l2sec and its pppd plugin are in place"
vm_server || vm_fatal "the server starts"
l2sec_profile work routes.default-route=no routes.routes=10.99.0.0/24
before=/tmp/before.txt
l2sec_snapshot $before
vm_capture_start || vm_fatal "tcpdump starts"

l2sec_connect work
vm_check_cmp "l2sec connect exits 0" "$L2SEC_RC" -eq 0
[ "$L2SEC_RC" = 0 ] || { l2sec_dump_log; vm_dump_logs; vm_fatal "connected"; }
vm_check "ping through the tunnel" ip netns exec cli ping -q -c 2 -i 0.2 -W 2 10.99.0.1

srv_pppd=$(for pid in $(ip netns pids srv); do [ "$(cat /proc/"$pid"/comm)" = pppd ] && echo "$pid"; done | head -n 1)
vm_log "the server's pppd ($srv_pppd) is killed"
kill "$srv_pppd"
state=
for _ in $(seq 600); do
  json=$(ip netns exec cli "$L2SEC" status work --json 2>/dev/null)
  state=$(l2sec_json_field "$json" state 2>/dev/null)
  attempts=$(l2sec_json_field "$json" attempts 2>/dev/null)
  [ "$state" = up ] && [ "${attempts:-1}" -ge 2 ] && break
  sleep 0.2
done
vm_log "after the hang-up: $json"
l2sec_check_eq "state after reconnecting" "$state" up
vm_check "a second attempt" test "${attempts:-0}" -ge 2
vm_check "the last error names the cause" test "$(l2sec_json_field "$json" last_error)" != None
vm_check "the log says it reconnects" grep -q "reconnecting in" "$L2SEC_LOG"
vm_check "ping through the new tunnel" ip netns exec cli ping -q -c 2 -i 0.2 -W 2 10.99.0.1

vm_check "l2sec disconnect work" ip netns exec cli "$L2SEC" disconnect work
vm_capture_stop
l2sec_nothing_left $before
vm_check_cmp "ESP packets on the wire" "$(vm_esp_packets)" -gt 0
vm_check_cmp "cleartext L2TP packets on the wire" "$(vm_cleartext_l2tp)" -eq 0
[ "$VM_FAILED" = 0 ] || { l2sec_dump_log 80; vm_dump_logs; }
vm_done
