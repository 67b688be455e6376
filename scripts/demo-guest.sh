#!/bin/bash
# Runs inside the lab VM for scripts/demo: a real server in netns "srv", the
# client in netns "cli".
. "$L2SEC_SRCDIR/tests/vm/lib.sh"

vm_topology flat
vm_log "server: strongSwan (IKEv1 PSK, transport ESP for udp/1701) + xl2tpd + pppd (MS-CHAPv2) on $SRV"
vm_server || vm_fatal "the server starts"
vm_capture_start || vm_fatal "tcpdump starts"

profile=$L2SEC_SRCDIR/scripts/demo.conf
cp "$profile" /tmp/demo.conf && chmod 600 /tmp/demo.conf
vm_log "client profile (l2sec check):"
"$L2SEC_BUILDDIR/ui-cli/l2sec" check /tmp/demo.conf || vm_fatal "the demo profile is valid"

vm_log "l2sec connect is not built yet (issues 4-6): connecting with the reference stack (strongSwan + xl2tpd + pppd)"
vm_reference_client || { vm_dump_logs; vm_fatal "the client connects"; }
vm_log "connected in ${REF_TOTAL_S} s (IKE ${REF_IKE_S} s)"

vm_log "ping 10.99.0.1 through the tunnel:"
ip netns exec cli ping -c 3 -i 0.3 -W 2 10.99.0.1 | sed 's/^/    /'
vm_log "status:"
ip -n cli -4 -brief addr show | sed 's/^/    /'
ip -n cli xfrm state | awk '/^src/ {print "    ESP SA " $2 " -> " $4} /proto esp/ {print "      spi " $4 " mode " $8} /enc|auth|aead/ {print "      " $1 " " $2}' 
vm_capture_stop
vm_log "on the wire: $(vm_esp_packets) ESP packets, $(vm_cleartext_l2tp) cleartext L2TP packets"
