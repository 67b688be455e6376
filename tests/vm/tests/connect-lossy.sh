#!/bin/bash
# connect.sh over a path with 40 ms RTT and 2 % loss each way, with an
# ephemeral L2TP source port (source-port = ephemeral: Quick Mode names it).
VM_TOPOLOGY=flat VM_RTT=40 VM_LOSS=2 VM_SOURCE_PORT=ephemeral exec bash "$(dirname "$0")/connect.sh"
