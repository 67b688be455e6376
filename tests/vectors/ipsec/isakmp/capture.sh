#!/bin/sh
# capture.sh OUTDIR [RUN...]: record real IKEv1 datagrams between two strongSwan
# charons (initiator and responder) in two network namespaces joined by a
# veth pair, for tests/unit/ipsec/test_isakmp_message.c and the fuzz seeds.
# Needs root, strongSwan (charon, swanctl, openssl plugin) and tcpdump. The
# host needs XFRM only: Main Mode messages 1-4 (clear) are what we keep; the
# later ones are encrypted and Quick Mode may fail without ESP in the kernel.
# Runs (all, or those named): "ok" (proposals that match) and "noprop" (the responder
# accepts none of the initiator's proposals and answers NO_PROPOSAL_CHOSEN
# in a clear Informational exchange), "aggr" (Aggressive Mode PSK with
# forced 300-byte fragments).
set -u
out=${1:?OUTDIR}
mkdir -p "$out"
S=isk-srv C=isk-cli
cleanup() {
	for ns in $S $C; do
		for p in $(ip netns pids $ns 2>/dev/null); do kill "$p" 2>/dev/null; done
	done
	sleep 0.5
	ip netns del $S 2>/dev/null; ip netns del $C 2>/dev/null
}
charon() { # NS DIR
	ip netns exec "$1" unshare -m sh -c 'mount -t tmpfs run /run && exec env STRONGSWAN_CONF="$0"/strongswan.conf /usr/lib/ipsec/charon' "$2" >"$2"/charon.log 2>&1 &
	for _ in $(seq 100); do
		ip netns exec "$1" env STRONGSWAN_CONF="$2"/strongswan.conf swanctl --stats >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "charon in $1 did not start"; cat "$2"/charon.log; return 1
}
conf() { # DIR
	cat >"$1"/strongswan.conf <<EOC
charon {
  load_modular = yes
  plugins { include /etc/strongswan.d/charon/*.conf }
  plugins { vici { socket = unix://$1/charon.vici } }
  filelog { stderr { default = 1 ike = 2 } }
  fragment_size = ${FRAG_SIZE:-1280}
  i_dont_care_about_security_and_use_aggressive_mode_psk = ${AGGR:-no}
}
swanctl { socket = unix://$1/charon.vici }
EOC
}
run() { # NAME CLIENT_PROPOSALS SERVER_PROPOSALS
	name=$1
	cleanup
	work=$(mktemp -d /tmp/isk-capture.XXXXXX)
	ip netns add $S; ip netns add $C
	ip -n $S link set lo up; ip -n $C link set lo up
	ip link add isk0 netns $S type veth peer name isk1 netns $C
	ip -n $S addr add 192.0.2.1/24 dev isk0; ip -n $S link set isk0 up
	ip -n $C addr add 192.0.2.2/24 dev isk1; ip -n $C link set isk1 up
	mkdir -p "$work"/srv "$work"/cli
	conf "$work"/srv; conf "$work"/cli
	cat >"$work"/srv/swanctl.conf <<EOC
connections { l2tp {
    version = 1
    proposals = $3
    local_addrs = 192.0.2.1
    dpd_delay = 30s
    aggressive = ${AGGR:-no}
    local { auth = psk }
    remote { auth = psk }
    children { l2tp {
        mode = transport
        local_ts = dynamic[udp/1701]
        remote_ts = dynamic[udp]
        esp_proposals = aes256-sha1,aes128gcm16
    } } } }
secrets { ike-psk { secret = "labsecret" } }
EOC
	cat >"$work"/cli/swanctl.conf <<EOC
connections { vpn {
    version = 1
    remote_addrs = 192.0.2.1
    proposals = $2
    dpd_delay = 30s
    fragmentation = ${FRAG:-yes}
    aggressive = ${AGGR:-no}
    local { auth = psk }
    remote { auth = psk }
    children { vpn {
        mode = transport
        local_ts = dynamic[udp/1701]
        remote_ts = dynamic[udp/1701]
        esp_proposals = aes256-sha1
    } } } }
secrets { ike-psk { secret = "labsecret" } }
EOC
	charon $S "$work"/srv && charon $C "$work"/cli || { cleanup; return 1; }
	for d in srv:$S cli:$C; do
		ip netns exec "${d#*:}" env STRONGSWAN_CONF="$work/${d%%:*}"/strongswan.conf \
		    swanctl --load-all --file "$work/${d%%:*}"/swanctl.conf >/dev/null 2>&1
	done
	ip netns exec $S tcpdump -ni isk0 -U -w "$work"/wire.pcap udp >/dev/null 2>&1 &
	tcpd=$!
	sleep 1
	ip netns exec $C env STRONGSWAN_CONF="$work"/cli/strongswan.conf \
	    swanctl --initiate --child vpn --timeout 8 >"$work"/initiate.log 2>&1
	sleep 1
	kill $tcpd; wait $tcpd 2>/dev/null
	cp "$work"/wire.pcap "$out/$name.pcap"
	# one hex file per datagram: NAME-NN-{i2r,r2i}-pPORT.hex, the UDP payload only
	tcpdump -nr "$work"/wire.pcap -x udp 2>/dev/null | python3 -c '
import sys, re
out, name = sys.argv[1], sys.argv[2]
pkts, cur = [], None
for line in sys.stdin:
    if not line.startswith("\t"):
        cur = [line, ""]; pkts.append(cur); continue
    cur[1] += "".join(line.split(":", 1)[1].split())
for n, (hdr, hx) in enumerate(pkts, 1):
    b = bytes.fromhex(hx)
    ihl = (b[0] & 15) * 4
    sport = int.from_bytes(b[ihl:ihl+2], "big")
    dport = int.from_bytes(b[ihl+2:ihl+4], "big")
    src = ".".join(str(x) for x in b[12:16])
    payload = b[ihl+8:]
    d = "i2r" if src == "192.0.2.2" else "r2i"
    with open("%s/%s-%02d-%s-p%d.hex" % (out, name, n, d, dport), "w") as f:
        for i in range(0, len(payload), 16):
            f.write(payload[i:i+16].hex() + "\n")
' "$out" "$name"
	grep -v "^plugin\|^opening dir" "$work"/initiate.log >"$out/$name-initiate.log"
	cleanup
	rm -rf "$work"
}
want() { [ -z "$only" ] || case " $only " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
shift; only="$*"
want ok && run ok "aes256-sha256-modp2048,aes128-sha1-modp2048,3des-sha1-modp1024" "aes256-sha256-modp2048"
want noprop && run noprop "aes128-sha1-modp1024" "aes256-sha256-modp2048"
# Aggressive Mode (ID and HASH in the clear), every message cut into
# 300-byte IKEv1 fragments (payload 132) because the initiator forces it
want aggr && AGGR=yes FRAG=force FRAG_SIZE=300 run aggr "aes128-sha256-modp2048" "aes128-sha256-modp2048"
