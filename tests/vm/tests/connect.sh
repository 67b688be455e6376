#!/bin/bash
# l2sec connect end to end against the lab server (strongSwan + xl2tpd +
# pppd), flat topology, full tunnel (default-route = yes) with DNS: connect,
# ping, iperf3, status (text and JSON), a second connect refused, disconnect,
# nothing left; the wire shows ESP and no cleartext L2TP.
# Topology and impairment come from VM_TOPOLOGY / VM_RTT / VM_LOSS, and the
# L2TP source port from VM_SOURCE_PORT (1701 or ephemeral), so that
# connect-nat.sh and connect-lossy.sh run this same script.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/connect-lib.sh
. "$(dirname "$0")/../connect-lib.sh"

vm_topology "${VM_TOPOLOGY:-flat}" "${VM_RTT:-0}" "${VM_LOSS:-0}"
l2sec_setup || vm_fatal "l2sec and its pppd plugin are in place"
vm_server || vm_fatal "the server starts"
l2sec_profile work routes.default-route=yes routes.dns=yes l2tp.source-port="${VM_SOURCE_PORT:-1701}"
before=/tmp/before.txt
l2sec_snapshot $before
vm_capture_start || vm_fatal "tcpdump starts"
# a Debian ip-pre-up hook that logs pppd's ipparam: the server's pppd runs it,
# ours (ipparam l2sec-work) must not (pppd waits for it; l2sec hides the script)
hook=/etc/ppp/ip-pre-up.d/zz-l2sec-test
if [ -x /etc/ppp/ip-pre-up ] && [ "$VM_TOPOLOGY" = flat ]; then
  printf '#!/bin/sh\necho "ipparam=$6" >> /tmp/ip-pre-up.log\n' > $hook && chmod +x $hook
fi

vm_log "l2sec connect work"
l2sec_connect work
vm_check_cmp "l2sec connect exits 0" "$L2SEC_RC" -eq 0
[ "$L2SEC_RC" = 0 ] || { l2sec_dump_log; vm_dump_logs; vm_fatal "connected"; }
echo "L2SEC_CONNECT_S=$L2SEC_CONNECT_S"
vm_check "connect printed the IKE phase" grep -q "IKE: phase 1" <<<"$L2SEC_OUT"
vm_check "connect printed the PPP address" grep -q "10.99.0." <<<"$L2SEC_OUT"

vm_check "ping 10.99.0.1 through the tunnel" ip netns exec cli ping -q -c 3 -i 0.2 -W 2 10.99.0.1
# the server saw the tunnel come from the port asked for
sport=$(sed -n 's/.*Connection established to [0-9.]*, \([0-9]*\)\..*/\1/p' "$VM_LOGS/srv/xl2tpd.log" | tail -n 1)
if [ "${VM_SOURCE_PORT:-1701}" = ephemeral ]; then
  vm_check "the L2TP tunnel comes from an ephemeral port (${sport:-?})" test -n "$sport" -a "$sport" != 1701
else
  l2sec_check_eq "the L2TP tunnel's source port" "$sport" 1701
fi
if [ -f $hook ]; then
  vm_check "the server's pppd ran the ip-pre-up hook" test -s /tmp/ip-pre-up.log
  vm_check_cmp "runs of it by l2sec's pppd" "$(grep -c '^ipparam=l2sec-' /tmp/ip-pre-up.log)" -eq 0
  rm -f $hook
fi
mbps=$(vm_iperf cli 2)
vm_check "iperf3 through the tunnel (${mbps:-?} Mbit/s)" test -n "$mbps"
echo "L2SEC_MBPS=$mbps"

json=$(ip netns exec cli "$L2SEC" status work --json)
echo "  status --json: $json"
l2sec_check_eq "status: state" "$(l2sec_json_field "$json" state)" up
l2sec_check_eq "status: server" "$(l2sec_json_field "$json" server)" "$SRV"
vm_check "status: interface ppp*" grep -q '^ppp' <<<"$(l2sec_json_field "$json" interface)"
vm_check "status: local address 10.99.0.x" grep -q '^10\.99\.0\.' <<<"$(l2sec_json_field "$json" local_address)"
l2sec_check_eq "status: peer address" "$(l2sec_json_field "$json" peer_address)" 10.99.0.1
l2sec_check_eq "status: DNS" "$(l2sec_json_field "$json" dns)" '["10.99.0.1", "10.99.0.2"]'
vm_check "status: IKE proposal" test -n "$(l2sec_json_field "$json" ike.proposal)"
vm_check "status: ESP proposal" test -n "$(l2sec_json_field "$json" esp.proposal)"
vm_check "status: bytes out > 0" test "$(l2sec_json_field "$json" bytes_out)" -gt 0
vm_check "status: uptime" test "$(l2sec_json_field "$json" uptime_s)" -ge 0
nat=$([ "$VM_TOPOLOGY" = nat ] && echo true || echo false)
l2sec_check_eq "status: NAT-T" "$(l2sec_json_field "$json" ike.nat_t)" "$nat"
ip netns exec cli "$L2SEC" status
vm_check "resolv.conf holds the server's DNS" ip netns exec cli grep -q "nameserver 10.99.0.1" /etc/resolv.conf
vm_check "default route halves through ppp" grep -q "^0.0.0.0/1 dev ppp" <<<"$(ip -n cli route)"
ip -n cli route | sed 's/^/  route: /'
if [ "$VM_TOPOLOGY" = nat ]; then
  vm_check "host route to the server via the NAT gateway" grep -q "^$SRV via 198.51.100.1" <<<"$(ip -n cli route)"
fi

out=$(ip netns exec cli "$L2SEC" connect work 2>&1); rc=$?
vm_check_cmp "a second connect exits 3" "$rc" -eq 3
vm_check "a second connect says already connected" grep -q "already connected" <<<"$out" ||
  printf '  second connect said: %s\n' "$out"

vm_log "l2sec disconnect work"
vm_check "l2sec disconnect work" ip netns exec cli "$L2SEC" disconnect work
vm_capture_stop
l2sec_nothing_left $before
out=$(ip netns exec cli "$L2SEC" status work 2>&1); rc=$?
vm_check_cmp "status after disconnect exits 3" "$rc" -eq 3
esp=$(vm_esp_packets); clear=$(vm_cleartext_l2tp)
vm_check_cmp "ESP packets on the wire" "$esp" -gt 0
vm_check_cmp "cleartext L2TP packets on the wire" "$clear" -eq 0
if [ "$VM_TOPOLOGY" = nat ]; then
  vm_check_cmp "ESP-in-UDP packets on the wire" "$(vm_esp_in_udp_packets)" -gt 0
fi
[ "$VM_FAILED" = 0 ] || { l2sec_dump_log; vm_dump_logs; }
vm_done
