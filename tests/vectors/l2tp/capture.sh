#!/bin/sh
# capture.sh OUTDIR [challenge] [hidden] — run an xl2tpd LNS and an xl2tpd LAC in
# two network namespaces over a veth pair and capture the L2TP control messages
# they exchange (udp/1701) with tcpdump into OUTDIR/l2tp.pcap. Needs root.
# With "challenge", both ends share the tunnel secret "l2tpvectors" and the
# LNS sets `challenge = yes`; with "hidden", both set `hidden bit = yes`.
# With "badsecret", the LAC has another secret than the LNS ("wrongsecret"),
# so tunnel authentication fails and one side sends a StopCCN.
# No kernel L2TP/PPP is needed: the control connection runs before pppd would.
set -e
out=$1; shift
chal=no; hid=no; bad=no
for a in "$@"; do case $a in challenge) chal=yes;; hidden) hid=yes;; badsecret) bad=yes;; esac; done
mkdir -p "$out"; d=$(mktemp -d /tmp/l2tpcap.XXXXXX)
ns_s=l2cap_s$$; ns_c=l2cap_c$$
cleanup() {
	[ -f $d/lac.pid ] && kill "$(cat $d/lac.pid)" 2>/dev/null || true
	[ -f $d/lns.pid ] && kill "$(cat $d/lns.pid)" 2>/dev/null || true
	[ -n "$tcpdump_pid" ] && kill "$tcpdump_pid" 2>/dev/null || true
	sleep 0.5
	ip netns del $ns_s 2>/dev/null || true; ip netns del $ns_c 2>/dev/null || true
}
trap cleanup EXIT
ip netns add $ns_s; ip netns add $ns_c
ip link add v$$s netns $ns_s type veth peer name v$$c netns $ns_c
ip -n $ns_s addr add 10.77.0.1/24 dev v$$s; ip -n $ns_s link set v$$s up
ip -n $ns_c addr add 10.77.0.2/24 dev v$$c; ip -n $ns_c link set v$$c up
auth=""
[ $chal = yes ] && auth="challenge = yes"
cat > $d/lns.conf <<EOC
[global]
port = 1701
listen-addr = 10.77.0.1
auth file = $d/secrets
[lns default]
ip range = 10.78.0.10-10.78.0.20
local ip = 10.78.0.1
name = vectorlns
hidden bit = $hid
$auth
length bit = yes
pppoptfile = $d/ppp.options
EOC
cat > $d/lac.conf <<EOC
[global]
port = 1701
listen-addr = 10.77.0.2
auth file = $d/lacsecrets
[lac vec]
lns = 10.77.0.1
name = vectorlac
hidden bit = $hid
$auth
length bit = yes
pppoptfile = $d/ppp.options
autodial = no
EOC
printf 'vectorlac vectorlns l2tpvectors\nvectorlns vectorlac l2tpvectors\n* * l2tpvectors\n' > $d/secrets
cp $d/secrets $d/lacsecrets
[ $bad = yes ] && printf 'vectorlac vectorlns wrongsecret\nvectorlns vectorlac wrongsecret\n* * wrongsecret\n' > $d/lacsecrets
chmod 600 $d/secrets $d/lacsecrets
echo "noauth" > $d/ppp.options
ip netns exec $ns_s tcpdump -i v$$s -U -s0 -w "$out/l2tp.pcap" udp port 1701 >/dev/null 2>&1 &
tcpdump_pid=$!
sleep 1
ip netns exec $ns_s xl2tpd -D -c $d/lns.conf -p $d/lns.pid -C $d/lns.ctl > "$out/lns.log" 2>&1 &
ip netns exec $ns_c xl2tpd -D -c $d/lac.conf -p $d/lac.pid -C $d/lac.ctl > "$out/lac.log" 2>&1 &
sleep 1
echo "c vec" > $d/lac.ctl
sleep 4
echo "d vec" > $d/lac.ctl || true
sleep 2
