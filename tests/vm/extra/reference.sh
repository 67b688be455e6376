#!/bin/bash
# The reference stack (strongSwan + xl2tpd + pppd as the client) against the
# VM server, flat topology: proves the harness itself, and gives the baseline
# connect time and throughput.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"

vm_topology flat
vm_log "starting the server"
vm_server || vm_fatal "the server starts"
vm_capture_start || vm_fatal "tcpdump starts"
vm_log "starting the reference client"
vm_reference_client || vm_fatal "the reference client connects"
vm_log "connected"
vm_check "ping 10.99.0.1 through the tunnel" ip netns exec cli ping -q -c 3 -i 0.2 -W 2 10.99.0.1
mbps=$(vm_iperf cli 2)
vm_check "iperf3 through the tunnel (${mbps:-?} Mbit/s)" test -n "$mbps"
echo "REF_MBPS=$mbps"
echo "REF_PEAK_RSS_KB=$(vm_peak_rss_kb cli charon xl2tpd pppd) (charon+xl2tpd+pppd)"
vm_capture_stop
vm_check_cmp "ESP packets on the wire" "$(vm_esp_packets)" -gt 0
vm_check_cmp "cleartext L2TP packets on the wire" "$(vm_cleartext_l2tp)" -eq 0
[ "$VM_FAILED" = 0 ] || vm_dump_logs
vm_done
