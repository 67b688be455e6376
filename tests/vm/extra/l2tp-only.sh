#!/bin/bash
# The server with IPsec off (for L2TP-only tests), L2TP tunnel authentication
# (challenge = yes, a tunnel secret) and hidden AVPs; the reference client's
# xl2tpd + pppd connect in cleartext.  Proves the harness's L2TP-only mode.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

vm_topology flat
vm_server ipsec=off challenge=yes tunnel_secret=l2tpsecret hidden=yes || vm_fatal "the server starts"
vm_capture_start || vm_fatal "tcpdump starts"
vm_reference_client ipsec=off challenge=yes tunnel_secret=l2tpsecret hidden=yes user=bob password=builder ||
  vm_fatal "the reference LAC connects without IPsec"
vm_check "ping 10.99.0.1 through the L2TP tunnel" ip netns exec cli ping -q -c 3 -i 0.2 -W 2 10.99.0.1
vm_capture_stop
vm_check_cmp "cleartext L2TP packets on the wire" "$(vm_cleartext_l2tp)" -gt 0
vm_check_cmp "ESP packets on the wire" "$(vm_esp_packets)" -eq 0
vm_check_cmp "IKE packets on the wire" "$(vm_ike_packets)" -eq 0
# tunnel authentication (RFC 2661 5.1.1): both sides send a Challenge and
# answer the other's with a Challenge Response
avps=$(tcpdump -nr /tmp/wire.pcap -v 'udp port 1701' 2>/dev/null)
vm_check_cmp "Challenge AVPs on the wire" "$(grep -o '[*]CHALLENGE(' <<< "$avps" | wc -l)" -eq 2
vm_check_cmp "Challenge Response AVPs on the wire" "$(grep -o '[*]CHALLENGE_RESP(' <<< "$avps" | wc -l)" -eq 2
vm_check_cmp "Random Vector AVPs (hidden bit = yes)" "$(grep -o 'RANDOM_VECTOR(' <<< "$avps" | wc -l)" -gt 0
[ "$VM_FAILED" = 0 ] || vm_dump_logs
vm_done
