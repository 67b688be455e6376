#!/bin/bash
# connect.sh with the client behind a NAT (ESP in UDP 4500).
VM_TOPOLOGY=nat exec bash "$(dirname "$0")/connect.sh"
