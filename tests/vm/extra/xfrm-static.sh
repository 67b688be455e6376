#!/bin/bash
# xfrm-static.sh — l2sec's XFRM edge (ipsec/xfrm_install.c) against a real kernel with ESP, in
# the VM. Two network namespaces, srv (192.0.2.1) and cli (192.0.2.2), joined by a veth pair;
# tests/vm/tools/l2sec-xfrm-tool installs static ESP transport SAs and policies for udp/1701 on
# both sides (random keys, in 0600 files, never in argv); python3 sends L2TP-port datagrams
# cli:1701 -> srv:1701 and srv echoes them; tcpdump on srv's side of the wire counts what passed.
#
# Checks, each an "ok - ..." or "not ok - ..." line:
#   AES-CBC + HMAC-SHA1-96, AES-256-CBC + HMAC-SHA256-128, 3DES + HMAC-SHA1, AES-GCM-16,
#   AES-CBC with NAT-T (ESP in UDP 4500), and AES-GCM-16 over IPv6: ESP on the wire, no cleartext udp/1701, datagrams
#   arrive both ways, and the undo list leaves `ip xfrm state` and `ip xfrm policy` empty;
#   the outbound policy alone (no SA): nothing leaves, in clear or otherwise;
#   a wrong key length: a clear error and nothing installed; a kernel refusal halfway (a
#   duplicate SPI): rolled back, nothing left; a "crash" (--keep): xfrm_flush_ours cleans it.
#
# Usage: xfrm-static.sh [BUILDDIR]   (or L2SEC_BUILDDIR=...); root, inside the VM.
# XFRM_STATIC_VARIANTS="cbc gcm" runs only those SA variants (the other checks always run).
set -u
trap '' PIPE

B=${L2SEC_BUILDDIR:-${1:-}}
if [ -z "$B" ]; then
	echo "usage: xfrm-static.sh BUILDDIR (or set L2SEC_BUILDDIR)" >&2
	exit 2
fi
B=$(readlink -f "$B")
TOOL=$B/tests/vm/tools/l2sec-xfrm-tool
FAILS=0
START=$(date +%s)
ok() { echo "ok - $*  [$(($(date +%s) - START)) s]"; }
nok() { echo "not ok - $*  [$(($(date +%s) - START)) s]"; FAILS=$((FAILS + 1)); }
bail() { echo "not ok - $*"; echo "# bailing out"; exit 1; }

[ "$(id -u)" = 0 ] || bail "needs root"
[ -x "$TOOL" ] || bail "no $TOOL: build the tree first (make)"
for c in ip tcpdump python3 od; do command -v $c >/dev/null || bail "$c is not installed"; done
for m in esp4 xfrm_user veth authenc cbc aes_generic sha1_generic sha256_generic gcm des3_ede_generic; do
	modprobe -q $m 2>/dev/null || true
done

W=$(mktemp -d /tmp/xfrm-static.XXXXXX)
cleanup() {
	for p in $(jobs -p); do kill "$p" 2>/dev/null; done
	ip netns del srv 2>/dev/null
	ip netns del cli 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

# --- the wire ---------------------------------------------------------------
ip netns add srv && ip netns add cli || bail "cannot create network namespaces"
ip -n srv link set lo up
ip -n cli link set lo up
ip link add s0 netns srv type veth peer name c0 netns cli || bail "cannot create a veth pair"
ip -n srv addr add 192.0.2.1/24 dev s0
ip -n cli addr add 192.0.2.2/24 dev c0
ip -n srv addr add 2001:db8::1/64 dev s0 nodad
ip -n cli addr add 2001:db8::2/64 dev c0 nodad
SRV=192.0.2.1 CLI=192.0.2.2 # the variant's addresses; gcm6 uses the IPv6 ones
ip -n srv link set s0 up
ip -n cli link set c0 up
for i in $(seq 50); do
	ip -n cli link show c0 | grep -q LOWER_UP && ip -n srv link show s0 | grep -q LOWER_UP && break
	sleep 0.2
done
ip -n cli link show c0 | grep -q LOWER_UP || bail "the veth pair does not come up"
ok "srv 192.0.2.1/2001:db8::1 and cli 192.0.2.2/2001:db8::2 joined by a veth pair"

hexkey() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

xfrm_empty() { # NS: nothing in the kernel's SAD and SPD
	[ -z "$(ip -n "$1" xfrm state)" ] && [ -z "$(ip -n "$1" xfrm policy)" ]
}

# --- configurations -----------------------------------------------------------
# policy_block NAME DIR SRC DST
policy_block() {
	printf '[policy %s]\ndir = %s\nsrc = %s\ndst = %s\nsport = 1701\ndport = 1701\nreqid = 1\naction = allow\n\n' \
		"$1" "$2" "$3" "$4"
}
# sa_block NAME SRC DST SPI ALGLINES
sa_block() {
	printf '[sa %s]\nsrc = %s\ndst = %s\nspi = %s\nreqid = 1\nsport = 1701\ndport = 1701\nreplay-window = 64\nsoft-seconds = 3000\nhard-seconds = 3600\n%s\n' \
		"$1" "$2" "$3" "$4" "$5"
}
# algs VARIANT: the algorithm lines, fresh random keys (written to the file only)
algs() {
	case $1 in
	cbc | natt) printf 'enc = cbc(aes)\nenc-key = %s\nauth = hmac(sha1)\nauth-key = %s\nauth-trunc = 96\n' \
		"$(hexkey 16)" "$(hexkey 20)" ;;
	sha256) printf 'enc = cbc(aes)\nenc-key = %s\nauth = hmac(sha256)\nauth-key = %s\nauth-trunc = 128\n' \
		"$(hexkey 32)" "$(hexkey 32)" ;;
	3des) printf 'enc = cbc(des3_ede)\nenc-key = %s\nauth = hmac(sha1)\nauth-key = %s\n' \
		"$(hexkey 24)" "$(hexkey 20)" ;;
	gcm | gcm6) printf 'aead = rfc4106(gcm(aes))\naead-key = %s\nicv = 128\n' "$(hexkey 20)" ;;
	esac
	if [ "$1" = natt ]; then printf 'encap = yes\nencap-sport = 4500\nencap-dport = 4500\n'; fi
}
# write_confs VARIANT: $W/cli.conf and $W/srv.conf, mode 0600, policies before SAs
write_confs() {
	local a_out a_in spi_out=0x$(hexkey 3) spi_in=0x$(hexkey 3)
	a_out=$(algs "$1")
	a_in=$(algs "$1")
	(
		umask 077
		{
			policy_block out out $CLI $SRV
			policy_block in in $SRV $CLI
			sa_block out $CLI $SRV "$spi_out" "$a_out"
			sa_block in $SRV $CLI "$spi_in" "$a_in"
		} >"$W/cli.conf"
		{
			policy_block out out $SRV $CLI
			policy_block in in $CLI $SRV
			sa_block out $SRV $CLI "$spi_in" "$a_in"
			sa_block in $CLI $SRV "$spi_out" "$a_out"
		} >"$W/srv.conf"
	)
}

# --- the tool, held open on a fifo so that its undo list runs when we say --------
# tool_start NS CONF: runs `apply CONF` in NS; fd 7 (cli) or 8 (srv) ends it
TOOL_PID_cli=
TOOL_PID_srv=
tool_start() {
	local ns=$1 conf=$2
	rm -f "$W/ctl.$ns" "$W/tool.$ns.out"
	: >"$W/tool.$ns.out"
	mkfifo "$W/ctl.$ns"
	ip netns exec "$ns" "$TOOL" apply "$conf" <"$W/ctl.$ns" >"$W/tool.$ns.out" 2>&1 &
	eval "TOOL_PID_$ns=$!"
	if [ "$ns" = cli ]; then exec 7>"$W/ctl.$ns"; else exec 8>"$W/ctl.$ns"; fi
	for i in $(seq 100); do
		grep -q '^ready$' "$W/tool.$ns.out" 2>/dev/null && return 0
		kill -0 "$(eval echo \$TOOL_PID_$ns)" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}
# tool_stop NS: the tool removes everything through its undo list; its status
tool_stop() {
	local ns=$1 pid
	pid=$(eval echo \$TOOL_PID_$ns)
	[ -n "$pid" ] || return 1
	eval "TOOL_PID_$ns="
	if [ "$ns" = cli ]; then echo remove >&7; exec 7>&-; else echo remove >&8; exec 8>&-; fi
	wait "$pid"
}

# --- traffic -------------------------------------------------------------------
# the echo server: counts (into argv[2], rewritten on each datagram) and echoes; killed when done
ECHO_PY='
import socket, sys
srv = sys.argv[2]
s = socket.socket(socket.AF_INET6 if ":" in srv else socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((srv, 1701))
def note(n):
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write("%d\n" % n)
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
n = 0
note(n)
while True:
    d, a = s.recvfrom(2048)
    if d.startswith(b"l2sec-xfrm-test"):
        n += 1
        note(n)
        s.sendto(d, a)
'
SEND_PY='
import socket, sys
count, cli, srv = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_INET6 if ":" in srv else socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((cli, 1701))
s.settimeout(1.5)
echoes = errors = 0
for i in range(count):
    try:
        s.sendto(b"l2sec-xfrm-test %d" % i, (srv, 1701))
    except OSError as e:
        errors += 1
        continue
    try:
        d, a = s.recvfrom(2048)
        if d == b"l2sec-xfrm-test %d" % i:
            echoes += 1
    except socket.timeout:
        pass
print("%d %d" % (echoes, errors))
'
# A socket on 4500 with UDP_ENCAP_ESPINUDP (UDP_ENCAP = 100, ESPINUDP = 2): where the kernel
# takes ESP-in-UDP in (RFC 3948); an IKE daemon holds one, here python does.
ENCAP_PY='
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 4500))
s.setsockopt(socket.IPPROTO_UDP, 100, 2)
time.sleep(120)
'

capture_start() {
	rm -f "$W/wire.pcap"
	ip netns exec srv tcpdump -ni s0 -U -w "$W/wire.pcap" >/dev/null 2>&1 &
	CAP_PID=$!
	for i in $(seq 50); do [ -s "$W/wire.pcap" ] && break; sleep 0.1; done
	sleep 0.3
}
capture_stop() { sleep 0.3; kill -INT $CAP_PID 2>/dev/null; wait $CAP_PID 2>/dev/null; }
count() { tcpdump -nr "$W/wire.pcap" "$1" 2>/dev/null | wc -l; }

# run_traffic N: sets ECHOES ERRORS RECEIVED and the wire counts CLEAR ESP ESPINUDP
run_traffic() {
	local n=$1
	rm -f "$W/echo.count"
	ip netns exec srv python3 -c "$ECHO_PY" "$W/echo.count" "$SRV" >"$W/echo.out" 2>&1 &
	local echo_pid=$!
	for i in $(seq 300); do [ -e "$W/echo.count" ] && break; sleep 0.1; done
	capture_start
	local sent # no process substitution: the guest has no /dev/fd
	sent=$(ip netns exec cli python3 -c "$SEND_PY" "$n" "$CLI" "$SRV" 2>&1)
	ECHOES=${sent%% *}
	ERRORS=${sent#* }
	sleep 0.5
	kill $echo_pid 2>/dev/null
	wait $echo_pid 2>/dev/null
	RECEIVED=$(cat "$W/echo.count" 2>/dev/null)
	capture_stop
	CLEAR=$(count 'udp port 1701')
	ESP=$(count 'ip proto 50 or ip6 proto 50')
	ESPINUDP=$(count 'udp port 4500 and udp[8:4] != 0')
}

# --- variants with SAs -----------------------------------------------------------
N=5
for v in ${XFRM_STATIC_VARIANTS:-cbc sha256 3des gcm natt gcm6}; do
	if [ $v = gcm6 ]; then SRV=2001:db8::1 CLI=2001:db8::2; else SRV=192.0.2.1 CLI=192.0.2.2; fi
	write_confs $v
	encap_pids=
	if [ $v = natt ]; then
		for ns in srv cli; do
			ip netns exec $ns python3 -c "$ENCAP_PY" &
			encap_pids="$encap_pids $!"
		done
	fi
	if ! tool_start srv "$W/srv.conf" || ! tool_start cli "$W/cli.conf"; then
		nok "$v: install SAs and policies: srv: $(tr '\n' ' ' <"$W/tool.srv.out") cli: $(tr '\n' ' ' <"$W/tool.cli.out" 2>/dev/null)"
		for p in $encap_pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
		tool_stop srv >/dev/null 2>&1
		tool_stop cli >/dev/null 2>&1
		ip netns exec cli "$TOOL" flush >/dev/null 2>&1
		ip netns exec srv "$TOOL" flush >/dev/null 2>&1
		continue
	fi
	ok "$v: 2 policies and 2 SAs installed on each side"
	echo "# cli: $(ip -n cli xfrm state | grep -E '^\s+(enc|auth-trunc|aead|encap)' | sed 's/0x[0-9a-f]*/<key>/' | tr -s ' \t\n' ' ')"
	[ $v = natt ] && sleep 1.5
	run_traffic $N
	echo "# $v: srv received $RECEIVED, cli got $ECHOES echoes ($ERRORS send errors); wire: $ESP ESP, $ESPINUDP ESP-in-UDP, $CLEAR cleartext udp/1701"
	if [ $v = natt ]; then
		[ "$ESPINUDP" -ge $((2 * N)) ] && [ "$ESP" -eq 0 ] &&
			ok "$v: $ESPINUDP ESP-in-UDP/4500 packets on the wire, no bare ESP" ||
			nok "$v: ESP-in-UDP $ESPINUDP (want >= $((2 * N))), bare ESP $ESP (want 0)"
	else
		[ "$ESP" -ge $((2 * N)) ] && ok "$v: $ESP ESP packets on the wire" ||
			nok "$v: $ESP ESP packets on the wire, want >= $((2 * N))"
	fi
	[ "$CLEAR" -eq 0 ] && ok "$v: no cleartext udp/1701 on the wire" ||
		nok "$v: $CLEAR cleartext udp/1701 packets on the wire"
	if [ "$RECEIVED" = $N ] && [ "$ECHOES" = $N ]; then
		ok "$v: $N datagrams arrived at srv:1701 and $N echoes at cli:1701"
	else
		nok "$v: srv received '$RECEIVED' and cli '$ECHOES' of $N"
		echo "# srv xfrm_stat: $(ip netns exec srv awk '$2 != 0' /proc/net/xfrm_stat | tr '\n' ' ')"
		echo "# srv SAs: $(ip -n srv -s xfrm state | grep -vE '^\s+(enc|auth|aead)' | tr -s ' \t\n' ' ')"
	fi
	[ "$(ip -n cli -s xfrm state | grep -c 'expire add: soft 3000(sec), hard 3600(sec)')" = 2 ] &&
		ok "$v: both SAs carry the soft/hard lifetimes (3000 s / 3600 s)" ||
		nok "$v: lifetimes: $(ip -n cli -s xfrm state | grep 'expire add')"
	tool_stop srv
	rs=$?
	tool_stop cli
	rc=$?
	if [ $rs = 0 ] && [ $rc = 0 ] && grep -q '^removed 4 entries$' "$W/tool.srv.out" &&
		grep -q '^removed 4 entries$' "$W/tool.cli.out" && xfrm_empty srv && xfrm_empty cli; then
		ok "$v: undo list removed all 4 entries on each side; ip xfrm state and policy are empty"
	else
		nok "$v: undo: status $rs/$rc; $(cat "$W"/tool.*.out | tr '\n' ' '); cli: $(ip -n cli xfrm state; ip -n cli xfrm policy)"
		ip netns exec cli "$TOOL" flush >/dev/null 2>&1
		ip netns exec srv "$TOOL" flush >/dev/null 2>&1
	fi
	for p in $encap_pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
done

# --- the outbound policy alone: nothing may leave -----------------------------------
SRV=192.0.2.1 CLI=192.0.2.2
(
	umask 077
	policy_block out out 192.0.2.2 192.0.2.1 >"$W/cli.conf"
)
if tool_start cli "$W/cli.conf"; then
	ok "policy-only: the outbound policy (ESP required) installed, no SA"
	run_traffic $N
	echo "# policy-only: srv received $RECEIVED, cli $ERRORS send errors; wire: $ESP ESP, $CLEAR cleartext udp/1701"
	[ "$CLEAR" -eq 0 ] && [ "$ESP" -eq 0 ] && [ "$RECEIVED" = 0 ] &&
		ok "policy-only: 0 cleartext udp/1701 and 0 ESP on the wire, nothing arrived ($N sent)" ||
		nok "policy-only: $CLEAR cleartext, $ESP ESP, srv received $RECEIVED"
	tool_stop cli && xfrm_empty cli && ok "policy-only: removed, nothing left" ||
		nok "policy-only: removal: $(cat "$W/tool.cli.out")"
else
	nok "policy-only: install: $(cat "$W/tool.cli.out")"
fi
# ...and with it gone, the same datagrams go out in clear: the check above can see them
run_traffic 1
[ "$CLEAR" -ge 1 ] && [ "$RECEIVED" = 1 ] && ok "control: without a policy the datagram is on the wire in clear" ||
	nok "control: without a policy: $CLEAR cleartext, srv received $RECEIVED"

# --- a bad spec: a clear error, nothing installed ----------------------------------
write_confs cbc
sed -i '0,/^enc-key = \(..\).*/s//enc-key = \1\1\1\1\1\1\1\1\1\1\1\1\1\1\1/' "$W/cli.conf"
out=$(ip netns exec cli "$TOOL" apply "$W/cli.conf" </dev/null 2>&1)
st=$?
echo "# $out"
[ $st = 1 ] && echo "$out" | grep -q "enc-key is 15 bytes; cbc(aes) takes 16, 24 or 32" && xfrm_empty cli &&
	ok "bad spec: a 15-byte AES key is refused with a clear error, nothing installed" ||
	nok "bad spec: status $st, '$out'"

# --- the kernel refuses halfway (duplicate SPI): everything before is rolled back ----
write_confs cbc
sed -n '/^\[sa out\]/,/^$/p' "$W/cli.conf" | sed 's/^\[sa out\]/[sa again]/' >"$W/dup"
cat "$W/dup" >>"$W/cli.conf"
out=$(ip netns exec cli "$TOOL" apply "$W/cli.conf" </dev/null 2>&1)
st=$?
echo "# $(echo "$out" | tr '\n' ' ')"
[ $st = 1 ] && echo "$out" | grep -q "File exists" && echo "$out" | grep -q "rolled back 4 entries" &&
	xfrm_empty cli && ok "kernel refusal halfway: the error names the SA, 4 entries rolled back, nothing left" ||
	nok "kernel refusal halfway: status $st, nothing left: $(xfrm_empty cli && echo yes || echo no)"

# --- a crash: leftovers are found and removed at the next start ----------------------
write_confs gcm
out=$(ip netns exec cli "$TOOL" apply --keep "$W/cli.conf" </dev/null 2>&1)
n_sa=$(ip -n cli xfrm state | grep -c '^src')
n_pol=$(ip -n cli xfrm policy | grep -c '^src')
# someone else's policy, which must survive
ip -n cli xfrm policy add src 192.0.2.2/32 dst 198.51.100.7/32 dir out priority 100 tmpl proto esp mode transport
flushed=$(ip netns exec cli "$TOOL" flush 2>&1)
echo "# crash: left $n_sa SAs and $n_pol policies; $flushed"
left=$(ip -n cli xfrm policy | grep -c '^src')
[ "$n_sa" = 2 ] && [ "$n_pol" = 2 ] && [ "$flushed" = "flushed 4 entries" ] && [ -z "$(ip -n cli xfrm state)" ] &&
	[ "$left" = 1 ] && ok "crash leftovers: xfrm_flush_ours removed our 2 SAs and 2 policies, kept a foreign policy" ||
	nok "crash leftovers: $n_sa SAs, $n_pol policies, '$flushed', $left policies left"
ip -n cli xfrm policy flush

echo "# $(($(date +%s) - START)) s"
if [ $FAILS -gt 0 ]; then
	echo "# $FAILS check(s) failed"
	exit 1
fi
echo "# all checks passed"
exit 0
