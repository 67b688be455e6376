#!/bin/bash
# l2sec connect failures against the lab server: each gives exit status 1, an
# error that names the phase and the cause, and leaves nothing behind.
#   wrong PSK, wrong PPP password, no common IKE proposal, server not answering
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/vm/connect-lib.sh
. "$(dirname "$0")/../connect-lib.sh"

vm_topology flat
l2sec_setup || vm_fatal "l2sec and its pppd plugin are in place"
vm_server || vm_fatal "the server starts"
before=/tmp/before.txt
l2sec_snapshot $before
vm_capture_start || vm_fatal "tcpdump starts"

fails() { # NAME EXPECTED-MESSAGE-REGEX: connect fails with exit 1 and the message
  local name=$1 re=$2
  vm_log "l2sec connect $name (must fail)"
  l2sec_connect "$name" --no-reconnect
  vm_check_cmp "$name: exit status 1" "$L2SEC_RC" -eq 1
  vm_check "$name: the error says '$re'" grep -Eq "$re" <<<"$L2SEC_OUT"
  l2sec_nothing_left $before
}

l2sec_profile wrong-psk ipsec.psk=not-the-secret
fails wrong-psk "IKE: .*pre-shared key mismatch"

l2sec_profile wrong-password ppp.password=not-wonderland
fails wrong-password "PPP: authentication failed for user alice"

l2sec_profile no-proposal ipsec.ike-proposals=aes256-sha512-ecp384
fails no-proposal "IKE: .*NO_PROPOSAL_CHOSEN"

# an address on the server's link that nobody answers for
l2sec_profile no-server connection.gateway=192.0.2.77
fails no-server "IKE: .*(did not answer|no answer|timed out|timeout)"

vm_capture_stop
vm_check_cmp "cleartext L2TP packets on the wire" "$(vm_cleartext_l2tp)" -eq 0
[ "$VM_FAILED" = 0 ] || { l2sec_dump_log; vm_dump_logs; }
vm_done
