#!/bin/bash
# connect.sh over a path with 40 ms RTT and 2 % loss each way.
VM_TOPOLOGY=flat VM_RTT=40 VM_LOSS=2 exec bash "$(dirname "$0")/connect.sh"
