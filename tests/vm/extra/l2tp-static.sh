#!/bin/bash
# l2tp-static.sh — the L2TP kernel data path, the pppd launcher and l2sec's pppd
# plugin, end to end, without an L2TP control connection: both ends create a
# STATIC L2TPv2 tunnel and session with mirrored ids (like the kernel's
# tools/testing/selftests/net/l2tp.sh) through l2sec-l2tp-tool, which uses
# l2tp/l2tp_kernel.c and l2tp/pppd_launch.c.
#
#   netns l2s-srv 192.0.2.1 --veth-- netns l2s-cli 192.0.2.2
#   server: tunnel 100/200 session 10/20, LNS mode, pppd require-mschap-v2 auth,
#           10.99.0.1:10.99.0.10, chap-secrets alice/wonderland
#   client: tunnel 200/100 session 20/10, pppd through pppd_launch with the
#           password handed over the plugin's descriptor
#
# Needs root and a kernel with l2tp_netlink, l2tp_ppp, ppp_generic (the VM).
# Usage: l2tp-static.sh [BUILDDIR]   (or $L2SEC_BUILDDIR). Prints TAP-like
# ok/not ok lines; exits 0 when all pass, 1 otherwise, 77 when it cannot run here.
set -u

B=${L2SEC_BUILDDIR:-${1:-}}
if [ -z "$B" ]; then
	echo "usage: $0 BUILDDIR (or set L2SEC_BUILDDIR)" >&2
	exit 2
fi
B=$(readlink -f "$B")
TOOL=$B/tests/vm/tools/l2sec-l2tp-tool
PLUGIN=$B/l2tp/pppd-plugin/.libs/l2sec-pppd.so
SRV_NS=l2s-srv CLI_NS=l2s-cli
USER_NAME=alice PASSWORD=wonderland

n=0 failed=0 T0=$(date +%s.%N)
at() { printf '%.1fs' "$(echo "$(date +%s.%N) - $T0" | bc 2>/dev/null || echo 0)"; }
ok() { n=$((n + 1)); echo "ok $n - $* # $(at)"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $* # $(at)"; failed=1; }
check() { # DESCRIPTION COMMAND...
	local d=$1; shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
skip_all() { echo "1..0 # SKIP $*"; exit 77; }

[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -x "$TOOL" ] || { echo "not ok - $TOOL is not built"; exit 1; }
[ -f "$PLUGIN" ] || { echo "not ok - $PLUGIN is not built"; exit 1; }
command -v pppd >/dev/null || [ -x /usr/sbin/pppd ] || skip_all "no pppd"
probe=$("$TOOL" probe 2>&1) || skip_all "$probe"
[ -e /dev/ppp ] || skip_all "no /dev/ppp"

W=$(mktemp -d /tmp/l2tp-static.XXXXXX)
SRV_PID= CLI_PID=
SECRETS=/etc/ppp/chap-secrets
SECRETS_BACKUP=$W/chap-secrets.orig
PAP_SECRETS=/etc/ppp/pap-secrets
PAP_SECRETS_BACKUP=$W/pap-secrets.orig

cleanup() {
	[ -n "$CLI_PID" ] && kill "$CLI_PID" 2>/dev/null
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null
	wait 2>/dev/null
	ip netns del "$SRV_NS" 2>/dev/null
	ip netns del "$CLI_NS" 2>/dev/null
	if [ -f "$SECRETS_BACKUP" ]; then cp -p "$SECRETS_BACKUP" "$SECRETS"; fi
	if [ -f "$PAP_SECRETS_BACKUP" ]; then cp -p "$PAP_SECRETS_BACKUP" "$PAP_SECRETS"; fi
}
trap cleanup EXIT

# topology
ip netns add "$SRV_NS" && ip netns add "$CLI_NS" || { echo "not ok - cannot create namespaces"; exit 1; }
ip -n "$SRV_NS" link set lo up
ip -n "$CLI_NS" link set lo up
ip link add l2s0 netns "$SRV_NS" type veth peer name l2s1 netns "$CLI_NS"
ip -n "$SRV_NS" addr add 192.0.2.1/24 dev l2s0
ip -n "$CLI_NS" addr add 192.0.2.2/24 dev l2s1
ip -n "$SRV_NS" link set l2s0 up
ip -n "$CLI_NS" link set l2s1 up

# the server's secrets (the guest's /etc is a writable overlay; restored at exit)
[ -f "$SECRETS" ] && cp -p "$SECRETS" "$SECRETS_BACKUP"
[ -f "$PAP_SECRETS" ] && cp -p "$PAP_SECRETS" "$PAP_SECRETS_BACKUP"
printf '"%s" * "%s" *\n' "$USER_NAME" "$PASSWORD" > "$SECRETS"
printf '"%s" * "%s" *\n' "$USER_NAME" "$PASSWORD" > "$PAP_SECRETS"
chmod 600 "$SECRETS" "$PAP_SECRETS"

printf '%s' "$PASSWORD" > "$W/password"
printf '%s' "not-$PASSWORD" > "$W/wrong-password"
chmod 600 "$W/password" "$W/wrong-password"

start_server() { # LOG [REQUIRE-OPTION]
	ip netns exec "$SRV_NS" "$TOOL" server --local 192.0.2.1 --peer 192.0.2.2 \
		--tunnel 100 --peer-tunnel 200 --session 10 --peer-session 20 -- \
		nodetach "${2:-require-mschap-v2}" auth 10.99.0.1:10.99.0.10 ms-dns 10.99.0.1 ms-dns 10.99.0.2 \
		noccp mtu 1400 mru 1400 nodefaultroute name l2s-lns > "$1" 2>&1 &
	SRV_PID=$!
	wait_for "$1" '^server pppd [0-9]' 10
}

start_client() { # LOG PASSWORD-FILE [AUTH]
	ip netns exec "$CLI_NS" "$TOOL" client --local 192.0.2.2 --peer 192.0.2.1 \
		--tunnel 200 --peer-tunnel 100 --session 20 --peer-session 10 \
		--user "$USER_NAME" --password-file "$2" --runtime-dir "$W/run" --auth "${3:-mschap-v2}" \
		--plugin "$PLUGIN" --name static-test > "$1" 2>&1 &
	CLI_PID=$!
}

wait_for() { # FILE REGEX SECONDS
	local i
	for i in $(seq $(($3 * 10))); do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

wait_pid() { # PID SECONDS: wait for a background job to end; its status in WAIT_RC
	local i
	for i in $(seq $(($2 * 10))); do
		if ! kill -0 "$1" 2>/dev/null; then
			wait "$1"; WAIT_RC=$?
			return 0
		fi
		sleep 0.1
	done
	return 1
}

no_pppd_in() { # NETNS
	local p
	for p in $(ip netns pids "$1"); do
		[ "$(cat /proc/$p/comm 2>/dev/null)" = pppd ] && return 1
	done
	return 0
}

no_secret_on_argv() {
	# one grep over every process's argv and environment; the pattern comes
	# from a file so that grep's own argv does not hold it
	local hits
	hits=$(grep -lF -a -f "$W/password" /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null)
	[ -z "$hits" ] && return 0
	echo "# password found in: $hits"
	return 1
}

tunnels_gone() { # NETNS
	[ -z "$(ip -n "$1" l2tp show tunnel 2>/dev/null)" ]
}

dump_logs() {
	for f in "$@"; do echo "# --- $f"; sed 's/^/# /' "$f"; done
}

### 1. the right password: ip-up, ping, no secret anywhere, clean teardown
start_server "$W/srv1.log" || { not_ok "server side up"; dump_logs "$W/srv1.log"; exit 1; }
start_client "$W/cli1.log" "$W/password"
if wait_for "$W/cli1.log" '^(ip-up|error)' 40 && grep -q '^ip-up' "$W/cli1.log"; then
	ok "the plugin reports ip-up"
else
	not_ok "the plugin reports ip-up"
	dump_logs "$W/cli1.log" "$W/srv1.log"
	exit 1
fi
check "the launcher starts pppd with l2sec's plugin (hello from pppd 2.4.x)" grep -qE '^hello 2\.' "$W/cli1.log"
check "the plugin reports phases up to running" grep -q '^phase running' "$W/cli1.log"
check "ip-up names ppp0, 10.99.0.10, peer 10.99.0.1 and the server's DNS" \
	grep -qE '^ip-up ppp[0-9]+ 10\.99\.0\.10 10\.99\.0\.1 dns 10\.99\.0\.1 10\.99\.0\.2$' "$W/cli1.log"
IFN=$(awk '/^ip-up/ { print $2; exit }' "$W/cli1.log")
check "$IFN has 10.99.0.10 peer 10.99.0.1" \
	sh -c "ip -n $CLI_NS -4 addr show dev $IFN | grep -q 'inet 10.99.0.10 peer 10.99.0.1/32'"
check "$IFN's MTU is min(our default 1416, the server's MRU 1400)" \
	sh -c "ip -n $CLI_NS link show dev $IFN | grep -q 'mtu 1400 '"
check "ping 10.99.0.1 through the tunnel" ip netns exec "$CLI_NS" ping -c 3 -i 0.2 -W 3 10.99.0.1
STATS=$(ip netns exec "$CLI_NS" "$TOOL" stats --tunnel 200 --session 20)
echo "# session stats: $STATS"
check "the kernel session counted packets both ways (SESSION_GET)" \
	sh -c "echo '$STATS' | awk '{ exit !(\$2 > 0 && \$6 > 0) }'"
# a second data path with the same tunnel id: the kernel refuses, we say so and leave the first alone
ip netns exec "$CLI_NS" "$TOOL" client --local 192.0.2.2 --peer 192.0.2.1 --port 0 \
	--tunnel 200 --peer-tunnel 100 --session 20 --peer-session 10 \
	--user "$USER_NAME" --password-file "$W/password" --runtime-dir "$W/run2" \
	--plugin "$PLUGIN" --name dup > "$W/dup.log" 2>&1
check "a duplicate tunnel id fails with the kernel's reason" \
	grep -q '^error L2TP: cannot create kernel tunnel 200/100 on UDP socket [0-9]*: Object exists' "$W/dup.log"
check "no password on any argv or environment" no_secret_on_argv
OPTS=$(awk '/^pppd [0-9]+ options/ { print $4; exit }' "$W/cli1.log")
check "the options file is 0600" sh -c "[ \"\$(stat -c %a '$OPTS')\" = 600 ]"
check "the options file has no password" sh -c "! grep -q '$PASSWORD' '$OPTS'"
check "the options file refuses all but MS-CHAPv2" \
	sh -c "grep -qx refuse-pap '$OPTS' && grep -qx refuse-chap '$OPTS' && grep -qx refuse-mschap '$OPTS' && ! grep -qx refuse-mschap-v2 '$OPTS'"
check "pppd's argv names the plugin and the descriptors" \
	sh -c "for p in \$(ip netns pids $CLI_NS); do tr '\0' ' ' < /proc/\$p/cmdline; echo; done | grep -q 'plugin pppol2tp.so pppol2tp 3 plugin $PLUGIN l2sec-fd 4 file $OPTS'"
check "one kernel tunnel in the client namespace while up" \
	sh -c "[ \$(ip -n $CLI_NS l2tp show tunnel | grep -c '^Tunnel') = 1 ]"

kill -TERM "$CLI_PID"
if wait_pid "$CLI_PID" 15; then
	check "the client stops cleanly on SIGTERM (exit 0)" [ "$WAIT_RC" = 0 ]
else
	not_ok "the client stops within 15 s"
fi
CLI_PID=
check "the launcher says pppd stopped, without an error" grep -q '^pppd stopped' "$W/cli1.log"
check "the plugin reported ip-down and exit" sh -c "grep -q '^ip-down' '$W/cli1.log' && grep -q '^exit 5' '$W/cli1.log'"
check "the options file is removed" [ ! -e "$OPTS" ]
check "no kernel tunnel left in the client namespace" tunnels_gone "$CLI_NS"
check "no pppd left in the client namespace" no_pppd_in "$CLI_NS"
# the server's pppd sees the LCP Terminate and ends; its tool then tears down
wait_pid "$SRV_PID" 15 || { echo "# the server tool did not end by itself"; kill "$SRV_PID"; }
SRV_PID=

### 2. a wrong password: the launcher says so, nothing left behind
start_server "$W/srv2.log" || { not_ok "server side up again"; dump_logs "$W/srv2.log"; exit 1; }
start_client "$W/cli2.log" "$W/wrong-password"
if wait_pid "$CLI_PID" 40; then
	check "the client exits 1 on a wrong password" [ "$WAIT_RC" = 1 ]
else
	not_ok "the client gives up within 40 s on a wrong password"
	kill "$CLI_PID"
fi
CLI_PID=
check "the plugin reports auth-failed" grep -q '^auth-failed' "$W/cli2.log"
check "the launcher reports \"PPP: authentication failed for user alice\"" \
	grep -q '^error PPP: authentication failed for user alice$' "$W/cli2.log"
check "pppd exited with EXIT_AUTH_TOPEER_FAILED (19)" grep -q '^exit 19' "$W/cli2.log"
check "no ip-up on a wrong password" sh -c "! grep -q '^ip-up' '$W/cli2.log'"
check "no kernel tunnel left after the failure" tunnels_gone "$CLI_NS"
check "no options file left after the failure" sh -c "[ -z \"\$(ls -A '$W/run' 2>/dev/null)\" ]"
wait_pid "$SRV_PID" 15 || { echo "# the server tool did not end by itself"; kill "$SRV_PID"; }
SRV_PID=

### 3. PAP and CHAP-MD5: the plugin's pap_passwd_hook and chap_passwd_hook
for m in pap:require-pap chap:require-chap; do
	auth=${m%%:*} require=${m#*:}
	start_server "$W/srv-$auth.log" "$require" || { not_ok "server side up ($require)"; continue; }
	start_client "$W/cli-$auth.log" "$W/password" "$auth"
	if wait_for "$W/cli-$auth.log" '^(ip-up|error)' 40 && grep -q '^ip-up ppp[0-9]* 10\.99\.0\.10 ' "$W/cli-$auth.log"; then
		ok "$auth: ip-up with the password from the plugin (server: $require)"
	else
		not_ok "$auth: ip-up with the password from the plugin (server: $require)"
		dump_logs "$W/cli-$auth.log" "$W/srv-$auth.log"
	fi
	check "$auth: the options file refuses the other methods" \
		sh -c "grep -qx refuse-mschap-v2 '$W/run/static-test.pppd-options' && ! grep -qx 'refuse-$auth' '$W/run/static-test.pppd-options'"
	kill -TERM "$CLI_PID"
	wait_pid "$CLI_PID" 15 || kill -9 "$CLI_PID"
	CLI_PID=
	wait_pid "$SRV_PID" 15 || { echo "# the server tool did not end by itself"; kill "$SRV_PID"; }
	SRV_PID=
done

### 4. the kernel unit test, on a kernel that has L2TP (it takes the other branch there)
if [ -x "$B/tests/unit/l2tp/test_l2tp_kernel" ]; then
	check "test_l2tp_kernel passes with the kernel's L2TP" sh -c "'$B/tests/unit/l2tp/test_l2tp_kernel' > '$W/unit.log' 2>&1"
fi

### 5. everything gone
check "no kernel tunnel left in either namespace" sh -c "ip -n $SRV_NS l2tp show tunnel | grep -q . && exit 1; ip -n $CLI_NS l2tp show tunnel | grep -q . && exit 1; exit 0"
check "no pppd left anywhere" sh -c "! pgrep -x pppd >/dev/null"

if [ "$failed" != 0 ]; then
	dump_logs "$W/cli1.log" "$W/srv1.log" "$W/cli2.log" "$W/srv2.log"
fi
echo "1..$n # $(at)"
exit "$failed"
