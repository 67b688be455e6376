#!/bin/bash
# Runs inside the lab VM for scripts/demo: a real server in netns "srv", the
# client in netns "cli": l2sec connect, ping, l2sec status, l2sec disconnect.
. "$L2SEC_SRCDIR/tests/vm/lib.sh"
. "$L2SEC_SRCDIR/tests/vm/connect-lib.sh"

vm_topology flat
vm_log "server: strongSwan (IKEv1 PSK, transport ESP for udp/1701) + xl2tpd + pppd (MS-CHAPv2) on $SRV"
vm_server || vm_fatal "the server starts"
l2sec_setup || vm_fatal "l2sec and its pppd plugin are in place"
vm_capture_start || vm_fatal "tcpdump starts"

install -m 600 "$L2SEC_SRCDIR/scripts/demo.conf" /etc/l2sec/profiles/demo.conf
vm_log "the profile /etc/l2sec/profiles/demo.conf:"
sed 's/^\(psk\|password\) = .*/\1 = (secret)/; s/^/    /' /etc/l2sec/profiles/demo.conf
vm_log "# l2sec check demo"
ip netns exec cli "$L2SEC" check demo || vm_fatal "the demo profile is valid"

vm_log "# l2sec connect demo"
ip netns exec cli "$L2SEC" connect demo --log "$L2SEC_LOG" | sed 's/^/    /'
[ "${PIPESTATUS[0]}" = 0 ] || { l2sec_dump_log; vm_dump_logs; vm_fatal "l2sec connects"; }

vm_log "# ping -c 3 10.99.0.1 (the server's end of the tunnel)"
ip netns exec cli ping -c 3 -i 0.3 -W 2 10.99.0.1 | sed 's/^/    /'
vm_log "# l2sec status"
ip netns exec cli "$L2SEC" status | sed 's/^/    /'
vm_log "# l2sec disconnect demo"
ip netns exec cli "$L2SEC" disconnect demo | sed 's/^/    /'
vm_capture_stop
vm_log "on the wire: $(vm_esp_packets) ESP packets, $(vm_cleartext_l2tp) cleartext L2TP packets"
left=$(ip -n cli xfrm state | grep -c '^src')
vm_log "after disconnect: $left XFRM states, $(ip -n cli -o link show | grep -c ': ppp') ppp interfaces"
