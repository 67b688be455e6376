#!/bin/bash
# The reference client behind a NAT (masquerading netns): IKE moves to 4500
# and ESP is UDP-encapsulated (RFC 3948); nothing travels as cleartext L2TP.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

vm_topology nat
vm_log "starting the server"
vm_server || vm_fatal "the server starts"
vm_capture_start || vm_fatal "tcpdump starts"
vm_log "starting the reference client behind the NAT"
vm_reference_client || vm_fatal "the reference client connects through the NAT"
vm_log "connected"
vm_check "ping 10.99.0.1 through the tunnel" ip netns exec cli ping -q -c 3 -i 0.2 -W 2 10.99.0.1
mbps=$(vm_iperf cli 1)
vm_check "iperf3 through the tunnel (${mbps:-?} Mbit/s)" test -n "$mbps"
echo "REF_NAT_MBPS=$mbps"
vm_capture_stop
vm_check_cmp "ESP-in-UDP packets on udp/4500" "$(vm_esp_in_udp_packets)" -gt 0
vm_check_cmp "plain ESP (protocol 50) packets" "$(vm_pcap_count esp)" -eq 0
vm_check_cmp "IKE packets with the non-ESP marker on udp/4500" "$(vm_pcap_count 'udp port 4500 and udp[8:4] = 0')" -gt 0
vm_check_cmp "cleartext L2TP packets on the wire" "$(vm_cleartext_l2tp)" -eq 0
vm_check "the server saw the client as 192.0.2.254 (the NAT)" \
  sh -c 'ip netns exec srv ip xfrm state | grep -q "192.0.2.254"'
[ "$VM_FAILED" = 0 ] || vm_dump_logs
vm_done
