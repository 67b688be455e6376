#!/bin/bash
# kill -9 of the l2sec daemon while connected: the kernel policy keeps the
# L2TP flow inside ESP (or drops it) — no cleartext L2TP reaches the wire —
# and the next `l2sec connect` cleans up what was left and connects again.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/connect-lib.sh
. "$(dirname "$0")/../connect-lib.sh"

vm_topology flat
l2sec_setup || vm_fatal "l2sec and its pppd plugin are in place"
vm_server || vm_fatal "the server starts"
l2sec_profile work routes.default-route=yes
before=/tmp/before.txt
l2sec_snapshot $before
vm_capture_start || vm_fatal "tcpdump starts"

l2sec_connect work
vm_check_cmp "l2sec connect exits 0" "$L2SEC_RC" -eq 0
[ "$L2SEC_RC" = 0 ] || { l2sec_dump_log; vm_dump_logs; vm_fatal "connected"; }
vm_check "ping through the tunnel" ip netns exec cli ping -q -c 2 -i 0.2 -W 2 10.99.0.1
pid=$(l2sec_json_field "$(ip netns exec cli "$L2SEC" status work --json)" pid)
vm_log "kill -9 $pid"
kill -9 "$pid"
# pppd loses its PPPoL2TP socket's owner; the kernel tears the tunnel down; the
# SAs and policies stay until the next run. Give it time to send whatever it would.
for _ in $(seq 100); do [ "$(l2sec_pppd_count)" = 0 ] && break; sleep 0.1; done
vm_check_cmp "no orphan pppd after kill -9 (it gets SIGTERM when l2sec dies)" "$(l2sec_pppd_count)" -eq 0
# what any program might still send to the server's L2TP port, from 1701 and from another port
for sport in 1701 0; do
  ip netns exec cli python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", int(sys.argv[1])))
try:
    s.sendto(b"\xc8\x02\x00\x0c\x00\x00\x00\x00\x00\x00\x00\x00", ("192.0.2.1", 1701))
except OSError as e:
    print("  probe from port %s: %s" % (sys.argv[1], e))' "$sport"
done
sleep 2
vm_check_cmp "cleartext L2TP after kill -9" "$(vm_cleartext_l2tp)" -eq 0
ip -n cli xfrm policy | grep -c '^src' | sed 's/^/  policies still installed: /'

vm_log "l2sec connect work again"
l2sec_connect work
vm_check_cmp "the next connect exits 0" "$L2SEC_RC" -eq 0
# the server still held the killed run's tunnel (same addresses and ports): the
# recorded ids and sequence numbers let this run close it with a StopCCN, which
# xl2tpd logs with our Result Code message
vm_check "xl2tpd closed the earlier run's tunnel on our StopCCN" \
  grep -q "an earlier run of the client ended without closing this tunnel" "$VM_LOGS/srv/xl2tpd.log"
vm_log "second connect: $L2SEC_CONNECT_S s"
vm_check "ping through the new tunnel" ip netns exec cli ping -q -c 2 -i 0.2 -W 2 10.99.0.1
vm_check "l2sec disconnect work" ip netns exec cli "$L2SEC" disconnect work
vm_capture_stop
l2sec_nothing_left $before
vm_check_cmp "ESP packets on the wire" "$(vm_esp_packets)" -gt 0
vm_check_cmp "cleartext L2TP packets on the wire" "$(vm_cleartext_l2tp)" -eq 0
[ "$VM_FAILED" = 0 ] || { l2sec_dump_log; vm_dump_logs; }
vm_done
