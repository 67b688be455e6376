#!/bin/bash
# netcfg.sh — client/netcfg.c (routes and DNS for a connection) against a real kernel, through
# tests/vm/tools/l2sec-netcfg-tool, in a network namespace "nc": u0 is the uplink (192.0.2.2/24,
# default via 192.0.2.1), p0 a "PPP-like" veth (10.99.0.12/24, fd99::12/64), q0 one without IPv6.
#
# Checks:
#   a clean run: the server's host route via the uplink's gateway, 0/1 + 128/1, split routes
#     (IPv4 and IPv6) through p0 with proto 108, resolv.conf rewritten (method auto: the file in
#     the VM); after "restored" the route table and /etc/resolv.conf equal what they were;
#   kill -9 mid-way (after the routes, before DNS) and after everything: the state file records
#     it, `l2sec-netcfg-tool recover` undoes it, the route table and resolv.conf equal before,
#     and a second recover finds nothing;
#   kill -9 and the PPP interface deleted meanwhile: recovery is still clean;
#   a resolv.conf that is a mount point (ip netns exec's /etc/netns/NAME/resolv.conf) is
#     written in place and put back;
#   someone rewrote resolv.conf after us: recovery keeps theirs;
#   an IPv6 route on an interface without IPv6: a clear error, nothing left.
#
# Usage: netcfg.sh [BUILDDIR] (or L2SEC_BUILDDIR=...); root, inside the VM.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../lib.sh"
set -u

B=$(readlink -f "${L2SEC_BUILDDIR:-${1:-}}")
TOOL=$B/tests/vm/tools/l2sec-netcfg-tool
[ -x "$TOOL" ] || vm_fatal "no $TOOL: build the tree first (make)"
STATE=/run/l2sec/netcfg-test.state
W=$(mktemp -d /run/netcfg-test.XXXXXX)

cleanup() {
	for p in $(jobs -p); do kill -9 "$p" 2>/dev/null; done
	ip netns del nc 2>/dev/null
	ip netns del nb 2>/dev/null
	rm -rf /etc/netns/nb "$W"
}
trap cleanup EXIT

# --- the namespace --------------------------------------------------------------
modprobe -q veth 2>/dev/null || true
ip netns add nc || vm_fatal "cannot create a network namespace"
nc() { ip netns exec nc "$@"; }
nc ip link set lo up
nc ip link add u0 type veth peer name u1 &&
	nc ip link add p0 type veth peer name p1 &&
	nc ip link add q0 type veth peer name q1 || vm_fatal "cannot create veth pairs"
nc sysctl -q -w net.ipv6.conf.q0.disable_ipv6=1
for i in u0 u1 p0 p1 q0 q1; do nc ip link set "$i" up; done
nc ip addr add 192.0.2.2/24 dev u0
nc ip route add default via 192.0.2.1 dev u0
nc ip addr add 10.99.0.12/24 dev p0
nc ip -6 addr add fd99::12/64 dev p0 nodad
vm_log "namespace nc: u0 192.0.2.2/24 (default via 192.0.2.1), p0 10.99.0.12/24 + fd99::12/64, q0 without IPv6"

# What must come back: the table (IPv4 and IPv6, without the kernel's fe80/multicast routes)
# and resolv.conf (type, mode, content or link target).
routes() { nc ip -4 route show table main; nc ip -6 route show table main | grep -v -e '^fe80' -e '^multicast'; }
resolv_state() { # FILE [NETNS]
	local f=$1 ns=${2:-nc}
	ip netns exec "$ns" sh -c "stat -c '%F %a' '$f'; if [ -L '$f' ]; then readlink '$f'; else cat '$f'; fi" 2>&1
}
printf 'nameserver 192.0.2.53\nsearch corp.example\noptions edns0\n' >/etc/resolv.conf
chmod 0644 /etc/resolv.conf
ROUTES0=$(routes)
RESOLV0=$(resolv_state /etc/resolv.conf)

SERVER=198.51.100.7
UP_ARGS=(--state "$STATE" up --dev p0 --server $SERVER --default-route
	--route 10.0.0.0/8 --route 172.16.0.0/12 --route fd00::/8 --dns 10.99.0.1 --dns 10.99.0.2)

# start_tool OUT NETNS ARGS...: the tool in the background, its stdin a FIFO held open on fd 3
# (closing fd 3 tells it to restore); sets TOOL_PID
start_tool() {
	local out=$1 ns=$2
	shift 2
	rm -f "$W/in"
	mkfifo "$W/in"
	ip netns exec "$ns" "$TOOL" "$@" <"$W/in" >"$out" 2>&1 &
	TOOL_PID=$!
	exec 3>"$W/in"
}
# kill9: kill -9 the tool, as a crash would
kill9() {
	kill -9 "$TOOL_PID"
	wait "$TOOL_PID" 2>/dev/null
	exec 3>&-
}
# wait_line OUT LINE: up to 30 s for LINE in OUT
wait_line() {
	local i
	for i in $(seq 150); do
		grep -qx "$2" "$1" && return 0
		sleep 0.2
	done
	echo "# no '$2' in $1:"; sed 's/^/#   /' "$1"
	return 1
}
same_as_before() { # WHAT: the table and resolv.conf equal the snapshot
	local r s
	r=$(routes)
	s=$(resolv_state /etc/resolv.conf)
	vm_check "$1: the route table is as before" [ "$r" = "$ROUTES0" ] ||
		diff <(echo "$ROUTES0") <(echo "$r") | sed 's/^/#   /'
	vm_check "$1: /etc/resolv.conf is as before" [ "$s" = "$RESOLV0" ] ||
		diff <(echo "$RESOLV0") <(echo "$s") | sed 's/^/#   /'
}
recover() { # WHAT: recover, then nothing more to recover
	local out
	out=$(nc "$TOOL" --state "$STATE" recover 2>&1)
	vm_check "$1: recover says it recovered" [ "$out" = recovered ] || echo "#   $out"
	vm_check "$1: the state file is gone" [ ! -e "$STATE" ]
	out=$(nc "$TOOL" --state "$STATE" recover 2>&1)
	vm_check "$1: a second recover finds nothing" [ "$out" = "nothing to recover" ] || echo "#   $out"
}

# --- 1. a clean run -------------------------------------------------------------
start_tool "$W/clean.out" nc "${UP_ARGS[@]}" --dns-method auto
wait_line "$W/clean.out" up || vm_fatal "clean run: the tool comes up"
r=$(routes)
vm_check "host route to the server via the uplink's gateway" grep -q "^$SERVER via 192.0.2.1 dev u0 proto 108" <<<"$r"
vm_check "0.0.0.0/1 via p0" grep -q "^0.0.0.0/1 dev p0 proto 108" <<<"$r"
vm_check "128.0.0.0/1 via p0" grep -q "^128.0.0.0/1 dev p0 proto 108" <<<"$r"
vm_check "split routes 10/8, 172.16/12, fd00::/8 via p0" \
	bash -c 'r=$(cat); grep -q "^10.0.0.0/8 dev p0 proto 108" <<<"$r" && grep -q "^172.16.0.0/12 dev p0 proto 108" <<<"$r" && grep -q "^fd00::/8 dev p0 proto 108" <<<"$r"' <<<"$r"
vm_check "the original default route is untouched" grep -q "^default via 192.0.2.1 dev u0" <<<"$r"
vm_check "DNS method auto picked the file (no resolved, no resolvconf in the VM)" grep -qx "dns /etc/resolv.conf" "$W/clean.out"
vm_check "resolv.conf has the tunnel's servers" grep -q "^nameserver 10.99.0.2" /etc/resolv.conf
vm_check "the state file is 0600" [ "$(stat -c %a "$STATE")" = 600 ]
exec 3>&- # the tool's stdin ends: it restores
wait "$TOOL_PID"
vm_check "clean run: the tool restored and exited 0" grep -qx restored "$W/clean.out"
same_as_before "clean run"
vm_check "clean run: no state file left" [ ! -e "$STATE" ]

# --- 2. kill -9 mid-way: after the routes, before DNS ------------------------------
start_tool "$W/mid.out" nc "${UP_ARGS[@]}" --dns-method file --step-ms 1500
wait_line "$W/mid.out" "step routes" || vm_fatal "mid-way: the tool adds the routes"
kill9
vm_check "mid-way: the tool died before DNS" bash -c "! grep -q '^dns ' '$W/mid.out'"
vm_check "mid-way: our routes are left behind" bash -c "ip netns exec nc ip route | grep -q 'proto 108'"
vm_check "mid-way: the state file records 6 routes" [ "$(grep -c '^\[route-' "$STATE")" = 6 ]
recover "mid-way"
same_as_before "mid-way"

# --- 3. kill -9 once everything is up ----------------------------------------------
start_tool "$W/up.out" nc "${UP_ARGS[@]}" --dns-method file
wait_line "$W/up.out" up || vm_fatal "kill when up: the tool comes up"
kill9
vm_check "kill when up: resolv.conf is still the tunnel's" grep -q "^nameserver 10.99.0.1" /etc/resolv.conf
vm_check "kill when up: the state file records DNS" grep -q '^\[dns-' "$STATE"
recover "kill when up"
same_as_before "kill when up"

# --- 4. kill -9, then the PPP interface goes away before recovery ---------------------
nc ip link add p2 type veth peer name p3 && nc ip link set p2 up && nc ip link set p3 up
start_tool "$W/gone.out" nc --state "$STATE" up --dev p2 --server $SERVER --default-route --route 10.0.0.0/8 \
	--dns 10.99.0.1 --dns-method file
wait_line "$W/gone.out" up || vm_fatal "interface gone: the tool comes up"
kill9
nc ip link del p2
recover "interface gone"
same_as_before "interface gone"

# --- 5. someone rewrites resolv.conf after us: theirs stays ---------------------------
start_tool "$W/theirs.out" nc "${UP_ARGS[@]}" --dns-method file
wait_line "$W/theirs.out" up || vm_fatal "rewritten: the tool comes up"
kill9
printf 'nameserver 203.0.113.53\n' >/etc/resolv.conf
recover "rewritten"
vm_check "rewritten: recovery kept their resolv.conf" [ "$(cat /etc/resolv.conf)" = "nameserver 203.0.113.53" ]
vm_check "rewritten: the route table is as before" [ "$(routes)" = "$ROUTES0" ]
printf 'nameserver 192.0.2.53\nsearch corp.example\noptions edns0\n' >/etc/resolv.conf

# --- 6. resolv.conf is a mount point (written in place) -------------------------------
ip netns add nb
mkdir -p /etc/netns/nb
printf 'nameserver 192.0.2.54\n' >/etc/netns/nb/resolv.conf
ip netns exec nb ip link add p0 type veth peer name p1
ip netns exec nb ip link set p0 up
RESOLVB0=$(resolv_state /etc/resolv.conf nb)
start_tool "$W/bind.out" nb --state /run/l2sec/nb.state up --dev p0 --dns 10.99.0.1 --dns-method file
wait_line "$W/bind.out" up || vm_fatal "mount point: the tool comes up"
vm_check "mount point: the netns's resolv.conf has the tunnel's server" \
	ip netns exec nb grep -q "^nameserver 10.99.0.1" /etc/resolv.conf
kill9
out=$(ip netns exec nb "$TOOL" --state /run/l2sec/nb.state recover 2>&1)
vm_check "mount point: recovered" [ "$out" = recovered ] || echo "#   $out"
vm_check "mount point: the netns's resolv.conf is as before" [ "$(resolv_state /etc/resolv.conf nb)" = "$RESOLVB0" ]
vm_check "mount point: the host's resolv.conf was not touched" [ "$(resolv_state /etc/resolv.conf)" = "$RESOLV0" ]

# --- 7. an IPv6 route on an interface without IPv6 ----------------------------------
out=$(nc "$TOOL" --state "$STATE" up --dev q0 --route 10.7.0.0/16 --route fd00::/8 --keep 2>&1)
rc=$?
vm_check "no IPv6: the tool fails" [ "$rc" = 1 ]
vm_check "no IPv6: the error names the route and the reason" grep -q \
	"route fd00::/8 dev q0: the interface has no IPv6 address" <<<"$out" || echo "#   $out"
vm_check "no IPv6: nothing left (10.7.0.0/16 taken back, no state file)" \
	bash -c "[ \"\$(ip netns exec nc ip -4 route; ip netns exec nc ip -6 route | grep -v -e ^fe80 -e ^multicast)\" = \"\$0\" ] && [ ! -e '$STATE' ]" "$ROUTES0"

vm_done
