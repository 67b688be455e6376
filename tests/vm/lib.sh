# shellcheck shell=bash disable=SC2034,SC2119,SC2120
# (SC2034: variables set here are for the tests; SC2119/2120: optional arguments)
# tests/vm/lib.sh: sourced by the VM tests (tests/vm/tests/*.sh), inside the
# guest that tests/vm/vm-run boots.  Bash.
#
# Topology (vm_topology): network namespaces
#   flat: srv s0 192.0.2.1/24 <-> cli c0 192.0.2.2/24
#   nat:  srv s0 192.0.2.1/24 <-> nat n0 192.0.2.254 | nat n1 198.51.100.1 <-> cli c0 198.51.100.2/24
#         (nat masquerades the client behind 192.0.2.254)
# Server (vm_server): strongSwan charon (swanctl, IKEv1 PSK responder,
#   transport mode for udp/1701) + xl2tpd LNS + pppd (MS-CHAPv2, users
#   alice/wonderland and bob/builder, pool 10.99.0.10-200, server 10.99.0.1,
#   iperf3 server on 10.99.0.1).  Cleartext L2TP is dropped unless ipsec=off.
# Reference client (vm_reference_client): strongSwan + xl2tpd LAC + pppd.
#
# Logs go to $VM_LOGS (WORKDIR on the host: /lab-work in the guest):
#   $VM_LOGS/srv/{charon,xl2tpd,pppd,swanctl}.log, $VM_LOGS/refcli/*.log,
#   $VM_LOGS/wire.pcap.  vm_dump_logs prints their tails.

SRV=192.0.2.1
VM_LOGS=${L2SEC_VM_WORK:-/tmp/vm-logs}
mkdir -p "$VM_LOGS"
VM_T0=$(date +%s.%N)
VM_FAILED=0
VM_CHECKS=0
export L2SEC_SRCDIR=${L2SEC_SRCDIR:-}
export L2SEC_BUILDDIR=${L2SEC_BUILDDIR:-}

vm_now() { date +%s.%N; }
vm_elapsed() { printf '%.2f' "$(echo "$(vm_now) - $1" | bc)"; } # T0 -> seconds since T0
vm_log() { printf '[%6.2f] %s\n' "$(echo "$(vm_now) - $VM_T0" | bc)" "$*"; }

# --- assertions -------------------------------------------------------------
# vm_check DESCRIPTION COMMAND [ARGS...]: ok if COMMAND succeeds
vm_check() {
  local what=$1; shift
  VM_CHECKS=$((VM_CHECKS + 1))
  if "$@"; then echo "ok - $what"; return 0; fi
  echo "not ok - $what"; VM_FAILED=$((VM_FAILED + 1)); return 1
}
# vm_check_cmp DESCRIPTION ACTUAL OP EXPECTED (OP: -eq -ne -gt -ge -lt -le, integers)
vm_check_cmp() {
  local what=$1 a=$2 op=$3 b=$4
  VM_CHECKS=$((VM_CHECKS + 1))
  local isint=1
  case ${a#-} in ''|*[!0-9]*) isint=0 ;; esac
  if [ "$isint" = 1 ] && test "$a" "$op" "$b"; then
    echo "ok - $what ($a $op $b)"; return 0
  fi
  echo "not ok - $what (got '$a', want $op $b)"; VM_FAILED=$((VM_FAILED + 1)); return 1
}
# vm_fatal MESSAGE: a step the rest depends on failed: dump the logs, exit 1
vm_fatal() {
  echo "not ok - $*"; VM_FAILED=$((VM_FAILED + 1))
  vm_dump_logs
  vm_done
}
# vm_done: print the summary; exit 0 if every check passed (call last)
vm_done() {
  echo "# $VM_CHECKS checks, $VM_FAILED failed, $(vm_elapsed "$VM_T0") s"
  if [ "$VM_FAILED" != 0 ]; then exit 1; fi
  if [ "$VM_CHECKS" = 0 ]; then echo "not ok - the test checked nothing"; exit 1; fi
  exit 0
}
# vm_dump_logs [LINES]: tails of every log of this run
vm_dump_logs() {
  local n=${1:-40} f
  sync
  for f in "$VM_LOGS"/srv/*.log "$VM_LOGS"/refcli/*.log; do
    [ -s "$f" ] || continue
    echo "===== ${f#"$VM_LOGS"/} (last $n lines)"
    tail -n "$n" "$f"
  done
  echo "===== ip xfrm state (srv)"; ip netns exec srv ip xfrm state 2>/dev/null | grep -v -e auth -e enc
}

# --- topology ---------------------------------------------------------------
# vm_topology [flat|nat] [RTT_MS] [LOSS_PCT]  (defaults from VM_TOPOLOGY, VM_RTT, VM_LOSS)
vm_topology() {
  local kind=${1:-${VM_TOPOLOGY:-flat}} rtt=${2:-${VM_RTT:-0}} loss=${3:-${VM_LOSS:-0}}
  ip netns add srv; ip netns add cli
  ip -n srv link set lo up; ip -n cli link set lo up
  case $kind in
    nat)
      ip netns add nat; ip -n nat link set lo up
      ip link add s0 netns srv type veth peer name n0 netns nat
      ip link add c0 netns cli type veth peer name n1 netns nat
      ip -n srv addr add 192.0.2.1/24 dev s0; ip -n srv link set s0 up
      ip -n nat addr add 192.0.2.254/24 dev n0; ip -n nat link set n0 up
      ip -n nat addr add 198.51.100.1/24 dev n1; ip -n nat link set n1 up
      ip -n cli addr add 198.51.100.2/24 dev c0; ip -n cli link set c0 up
      ip -n cli route add default via 198.51.100.1
      ip netns exec nat sysctl -qw net.ipv4.ip_forward=1
      ip netns exec nat iptables -t nat -A POSTROUTING -o n0 -j MASQUERADE
      CLI_ADDR=198.51.100.2 ;;
    flat)
      ip link add s0 netns srv type veth peer name c0 netns cli
      ip -n srv addr add 192.0.2.1/24 dev s0; ip -n srv link set s0 up
      ip -n cli addr add 192.0.2.2/24 dev c0; ip -n cli link set c0 up
      CLI_ADDR=192.0.2.2 ;;
    *) echo "vm_topology: unknown topology '$kind' (flat|nat)" >&2; return 1 ;;
  esac
  VM_TOPOLOGY=$kind CLI_IF=c0
  if [ "$rtt" != 0 ] || [ "$loss" != 0 ]; then
    # half the RTT each way; the loss applies in each direction
    local half; half=$(echo "$rtt / 2" | bc -l)
    ip netns exec cli tc qdisc add dev c0 root netem delay "${half}ms" loss "${loss}%"
    ip netns exec srv tc qdisc add dev s0 root netem delay "${half}ms" loss "${loss}%"
  fi
}

# --- strongSwan helpers -------------------------------------------------------
# charon's pid file path is compiled in (/run/charon.pid): each charon gets a
# private /run (unshare -m) so that a client and a server can both run.
vm_charon() { # NETNS CONFDIR LOGFILE
  ip netns exec "$1" unshare -m sh -c 'mount -t tmpfs run /run && exec env STRONGSWAN_CONF="$0"/strongswan.conf /usr/lib/ipsec/charon' "$2" > "$3" 2>&1 &
}
vm_wait_charon() { # NETNS CONFDIR LOGFILE: wait up to 180 s for charon's VICI socket
  local _
  # (generous: on a loaded 2-core host, charon took up to a minute to start under TCG)
  for _ in $(seq 1800); do
    # (each swanctl run costs a second under TCG: poll the socket first)
    if [ -S "$2"/charon.vici ] &&
      ip netns exec "$1" env STRONGSWAN_CONF="$2"/strongswan.conf swanctl --stats >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  echo "charon in $1 did not come up within 180 s:"; tail -n 30 "$3"; return 1
}
vm_swanctl() { # NETNS CONFDIR ARGS...
  local ns=$1 d=$2; shift 2
  ip netns exec "$ns" env STRONGSWAN_CONF="$d"/strongswan.conf swanctl "$@"
}

# --- the server -----------------------------------------------------------------
# vm_server [KEY=VALUE...]; each KEY also read from the environment as
# VM_SRV_<KEY> (upper case).  Keys and defaults:
#   ike=1                IKE version: 1, 2 or any
#   psk=labsecret        IKE pre-shared key
#   ike_proposals=...    strongSwan IKE proposals (a broad list)
#   esp_proposals=...    strongSwan ESP proposals (a broad list)
#   dpd=0                dpd_delay (e.g. 10s; 0 = off)
#   ipsec=on             off: no charon, cleartext L2TP accepted (L2TP-only tests)
#   challenge=no         yes: xl2tpd requires L2TP tunnel authentication
#   tunnel_secret=       the L2TP tunnel secret (l2tp-secrets "* * SECRET")
#   hidden=no            yes: xl2tpd's "hidden bit = yes" (needs tunnel_secret).
#                        xl2tpd 1.3.18 then sends a Random Vector and decodes
#                        hidden AVPs it receives, but never hides its own
#                        (that code is compiled out: TEST_HIDDEN)
#   mtu=1400             PPP MTU/MRU
#   rekey=               "IKE_S/ESP_S": the server re-authenticates the IKE SA and
#                        rekeys the ESP pair itself after that many seconds
#                        (default: strongSwan's 4 h / 1 h)
vm_server() {
  local kv k v
  local ike=${VM_SRV_IKE:-1} psk=${VM_SRV_PSK:-labsecret}
  local ike_proposals=${VM_SRV_IKE_PROPOSALS:-aes256-sha256-modp2048,aes128-sha256-modp2048,aes256-sha1-modp2048,aes256-sha1-modp1024,aes128-sha1-modp1024,3des-sha1-modp1024,aes128-sha256-ecp256}
  local esp_proposals=${VM_SRV_ESP_PROPOSALS:-aes256-sha256,aes128-sha256,aes256-sha1,aes128-sha1,3des-sha1,aes128gcm16}
  local dpd=${VM_SRV_DPD:-0} ipsec=${VM_SRV_IPSEC:-on} challenge=${VM_SRV_CHALLENGE:-no}
  local tunnel_secret=${VM_SRV_TUNNEL_SECRET:-} hidden=${VM_SRV_HIDDEN:-no} mtu=${VM_SRV_MTU:-1400}
  local rekey=${VM_SRV_REKEY:-} ike_rekey='' esp_rekey=
  for kv in "$@"; do
    k=${kv%%=*} v=${kv#*=}
    case $k in
      ike|psk|ike_proposals|esp_proposals|dpd|ipsec|challenge|tunnel_secret|hidden|mtu|rekey) printf -v "$k" '%s' "$v" ;;
      *) echo "vm_server: unknown option '$kv'" >&2; return 1 ;;
    esac
  done
  if [ "$hidden" = yes ] && [ -z "$tunnel_secret" ]; then
    echo "vm_server: hidden=yes needs tunnel_secret=..." >&2; return 1
  fi
  if [ "$challenge" = yes ] && [ -z "$tunnel_secret" ]; then
    echo "vm_server: challenge=yes needs tunnel_secret=..." >&2; return 1
  fi
  if [ -n "$rekey" ]; then
    ike_rekey="    rekey_time = ${rekey%/*}s
    over_time = 10s
    rand_time = 0"
    esp_rekey="        rekey_time = ${rekey#*/}s
        rand_time = 0"
  fi
  local d=/tmp/srv L=$VM_LOGS/srv
  mkdir -p $d/swanctl "$L"
  VM_SRV_DIR=$d VM_SRV_LOGS=$L

  if [ "$ipsec" = on ]; then
    local v=$ike; [ "$ike" = any ] && v=0
    cat > $d/strongswan.conf <<EOF
charon {
  load_modular = yes
  plugins { include /etc/strongswan.d/charon/*.conf }
  plugins { vici { socket = unix://$d/charon.vici } }
  filelog { stderr { default = 1 ike = 2 knl = 1 } }
}
swanctl { socket = unix://$d/charon.vici }
EOF
    cat > $d/swanctl/swanctl.conf <<EOF
connections {
  l2tp {
    version = $v
    proposals = $ike_proposals
    local_addrs = $SRV
    dpd_delay = $dpd
$ike_rekey
    local { auth = psk }
    remote { auth = psk }
    children {
      l2tp {
        mode = transport
        local_ts = dynamic[udp/1701]
        remote_ts = dynamic[udp]
        esp_proposals = $esp_proposals
$esp_rekey
      }
    }
  }
}
secrets { ike-psk { secret = "$psk" } }
EOF
    vm_charon srv $d "$L/charon.log"
    vm_wait_charon srv $d "$L/charon.log" || return 1
    vm_swanctl srv $d --load-all --file $d/swanctl/swanctl.conf > "$L/swanctl.log" 2>&1 ||
      { echo "vm_server: swanctl --load-all failed:"; cat "$L/swanctl.log"; return 1; }
  elif [ "$ipsec" != off ]; then
    echo "vm_server: ipsec=$ipsec (on|off)" >&2; return 1
  fi

  {
    echo "[global]"
    echo "port = 1701"
    echo "listen-addr = $SRV"
    [ -z "$tunnel_secret" ] || echo "auth file = $d/l2tp-secrets"
    echo "[lns default]"
    echo "ip range = 10.99.0.10-10.99.0.200"
    echo "local ip = 10.99.0.1"
    echo "require chap = yes"
    echo "refuse pap = yes"
    echo "require authentication = yes"
    echo "name = labvpn"
    echo "pppoptfile = $d/options.xl2tpd"
    echo "length bit = yes"
    echo "challenge = $challenge"
    echo "hidden bit = $hidden"
  } > $d/xl2tpd.conf
  if [ -n "$tunnel_secret" ]; then
    printf '* * %s\n' "$tunnel_secret" > $d/l2tp-secrets; chmod 600 $d/l2tp-secrets
  fi
  cat > $d/options.xl2tpd <<EOF
require-mschap-v2
ms-dns 10.99.0.1
ms-dns 10.99.0.2
auth
mtu $mtu
mru $mtu
nodefaultroute
lcp-echo-interval 10
lcp-echo-failure 4
debug
logfile $L/pppd.log
EOF
  mkdir -p /etc/ppp
  printf '"alice" * "wonderland" *\n"bob" * "builder" *\n' > /etc/ppp/chap-secrets
  chmod 600 /etc/ppp/chap-secrets
  ip netns exec srv xl2tpd -D -c $d/xl2tpd.conf -p $d/xl2tpd.pid -C $d/l2tp-control > "$L/xl2tpd.log" 2>&1 &
  VM_SRV_XL2TPD=$!
  local _
  for _ in $(seq 600); do
    ip netns exec srv ss -unl 2>/dev/null | grep -q "$SRV:1701" && break
    sleep 0.05
  done
  ip netns exec srv ss -unl | grep -q "$SRV:1701" ||
    { echo "vm_server: xl2tpd is not listening:"; tail -n 30 "$L/xl2tpd.log"; return 1; }
  # like a production L2TP/IPsec server: L2TP is accepted only inside IPsec
  if [ "$ipsec" = on ]; then
    ip netns exec srv iptables -A INPUT -p udp --dport 1701 -m policy --dir in --pol none -j DROP
  fi
  # something to talk to through the tunnel
  ip netns exec srv ip addr add 10.99.0.1/32 dev lo
  ip netns exec srv iperf3 -s -D -B 10.99.0.1 --logfile "$L/iperf3.log" >/dev/null 2>&1 || true
}

# --- the reference client ---------------------------------------------------------
# vm_reference_client [KEY=VALUE...]: strongSwan initiator + xl2tpd LAC + pppd
# in netns cli.  Keys: ike=1 psk=labsecret ipsec=on|off user=alice
# password=wonderland challenge=no tunnel_secret= hidden=no.
# Sets and prints REF_IKE_S (swanctl --initiate) and REF_TOTAL_S (start to an
# address on the PPP interface).
vm_reference_client() {
  local kv k v ike=1 psk=labsecret ipsec=on user=alice password=wonderland
  local challenge=no tunnel_secret='' hidden=no
  for kv in "$@"; do
    k=${kv%%=*} v=${kv#*=}
    case $k in
      ike|psk|ipsec|user|password|challenge|tunnel_secret|hidden) printf -v "$k" '%s' "$v" ;;
      *) echo "vm_reference_client: unknown option '$kv'" >&2; return 1 ;;
    esac
  done
  local d=/tmp/refcli L=$VM_LOGS/refcli
  mkdir -p $d/swanctl "$L"
  cat > $d/strongswan.conf <<EOF
charon {
  load_modular = yes
  plugins { include /etc/strongswan.d/charon/*.conf }
  plugins { vici { socket = unix://$d/charon.vici } }
  filelog { stderr { default = 1 } }
}
swanctl { socket = unix://$d/charon.vici }
EOF
  cat > $d/swanctl/swanctl.conf <<EOF
connections {
  vpn {
    version = $ike
    remote_addrs = $SRV
    proposals = aes256-sha256-modp2048
    local { auth = psk }
    remote { auth = psk }
    children { vpn { mode = transport
        local_ts = dynamic[udp/1701]
        remote_ts = dynamic[udp/1701]
        esp_proposals = aes256-sha256 } }
  }
}
secrets { ike-psk { secret = "$psk" } }
EOF
  {
    [ -z "$tunnel_secret" ] || printf '[global]\nauth file = %s/l2tp-secrets\n' "$d"
    echo "[lac vpn]"
    echo "lns = $SRV"
    echo "pppoptfile = $d/options"
    echo "length bit = yes"
    echo "autodial = yes"
    echo "challenge = $challenge"
    echo "hidden bit = $hidden"
  } > $d/xl2tpd.conf
  if [ -n "$tunnel_secret" ]; then
    printf '* * %s\n' "$tunnel_secret" > $d/l2tp-secrets; chmod 600 $d/l2tp-secrets
  fi
  cat > $d/options <<EOF
ipcp-accept-local
ipcp-accept-remote
refuse-eap
require-mschap-v2
noccp
noauth
mtu 1400
mru 1400
nodefaultroute
usepeerdns
name $user
password $password
debug
logfile $L/pppd.log
EOF
  local t0
  if [ "$ipsec" = on ]; then
    vm_charon cli $d "$L/charon.log"
    vm_wait_charon cli $d "$L/charon.log" || return 1
    vm_swanctl cli $d --load-all --file $d/swanctl/swanctl.conf > "$L/load.log" 2>&1 || return 1
    t0=$(vm_now)
    vm_swanctl cli $d --initiate --child vpn > "$L/initiate.log" 2>&1 ||
      { echo "vm_reference_client: swanctl --initiate failed:"; tail -n 20 "$L/initiate.log"; return 1; }
    REF_IKE_S=$(vm_elapsed "$t0")
  else
    t0=$(vm_now)
    REF_IKE_S=0
  fi
  ip netns exec cli xl2tpd -D -c $d/xl2tpd.conf -p $d/xl2tpd.pid -C $d/l2tp-control > "$L/xl2tpd.log" 2>&1 &
  vm_wait_ppp cli 120 > /dev/null || { echo "vm_reference_client: no PPP address within 120 s"; return 1; }
  REF_TOTAL_S=$(vm_elapsed "$t0")
  echo "REF_IKE_S=$REF_IKE_S"
  echo "REF_TOTAL_S=$REF_TOTAL_S"
}

# vm_wait_ppp NETNS [TIMEOUT_S]: wait for a 10.99.0.x address on a ppp
# interface in NETNS; prints "IFACE ADDRESS"; returns 1 on timeout.
vm_wait_ppp() {
  local ns=$1 n=$(( ${2:-30} * 20 )) _ line
  for _ in $(seq "$n"); do
    line=$(ip -n "$ns" -4 -o addr show 2>/dev/null | awk '$2 ~ /^ppp/ && $4 ~ /^10\.99\.0\./ { split($4, a, "/"); print $2, a[1]; exit }')
    if [ -n "$line" ]; then echo "$line"; return 0; fi
    sleep 0.05
  done
  return 1
}

# --- captures on the server's wire ------------------------------------------------
# vm_capture_start: tcpdump on srv's s0 (the server's outer interface)
vm_capture_start() {
  ip netns exec srv tcpdump -Z root -ni s0 -s 256 -w /tmp/wire.pcap -U > /tmp/tcpdump.log 2>&1 &
  VM_CAP=$!
  local _
  for _ in $(seq 600); do grep -q 'listening on' /tmp/tcpdump.log 2>/dev/null && return 0; sleep 0.05; done
  echo "vm_capture_start: tcpdump did not start:"; cat /tmp/tcpdump.log; return 1
}
# vm_capture_stop: stop it and keep the capture as $VM_LOGS/wire.pcap
vm_capture_stop() {
  [ -n "${VM_CAP:-}" ] || return 0
  sleep 0.2
  kill "$VM_CAP" 2>/dev/null; wait "$VM_CAP" 2>/dev/null
  VM_CAP=
  cp /tmp/wire.pcap "$VM_LOGS/wire.pcap" 2>/dev/null || true
}
vm_pcap_count() { # FILTER: packets in the capture matching a pcap filter
  tcpdump -nr /tmp/wire.pcap "$1" 2>/dev/null | wc -l
}
# cleartext L2TP: UDP with port 1701 as its outer header (ESP and ESP-in-UDP
# hide the inner ports)
vm_cleartext_l2tp() { vm_pcap_count 'udp port 1701'; }
# ESP: IP protocol 50, or UDP-encapsulated ESP on 4500 (a non-zero first word:
# IKE on 4500 starts with the zero non-ESP marker; NAT keepalives are 1 byte)
vm_esp_packets() { vm_pcap_count 'esp or (udp port 4500 and udp[8:4] != 0)'; }
vm_esp_in_udp_packets() { vm_pcap_count 'udp port 4500 and udp[8:4] != 0'; }
vm_ike_packets() { vm_pcap_count 'udp port 500 or (udp port 4500 and udp[8:4] = 0)'; }

# --- measurements ---------------------------------------------------------------------
# vm_peak_rss_kb NETNS NAME...: summed peak RSS (VmHWM, KiB) of the processes
# named NAME (comm) running in NETNS
vm_peak_rss_kb() {
  local ns=$1 total=0 pid comm kb n; shift
  for pid in $(ip netns pids "$ns"); do
    comm=$(cat /proc/"$pid"/comm 2>/dev/null) || continue
    for n in "$@"; do
      if [ "$comm" = "$n" ]; then
        kb=$(awk '/VmHWM/ { print $2 }' /proc/"$pid"/status 2>/dev/null)
        total=$((total + ${kb:-0}))
      fi
    done
  done
  echo "$total"
}
# vm_iperf NETNS [SECONDS]: iperf3 to 10.99.0.1; prints the received Mbit/s
vm_iperf() {
  local ns=$1 s=${2:-2}
  ip netns exec "$ns" iperf3 -c 10.99.0.1 -t "$s" -J > /tmp/iperf.json 2>/dev/null || return 1
  python3 -c "import json; d = json.load(open('/tmp/iperf.json')); print('%.1f' % (d['end']['sum_received']['bits_per_second'] / 1e6))"
}

# --- background tools -------------------------------------------------------------------
vm_wait_for() { # FILE REGEX SECONDS: wait until a line of FILE matches
  local _
  for _ in $(seq $(($3 * 10))); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
vm_wait_pid() { # PID SECONDS: wait for a background job to exit; its status in WAIT_RC
  local _
  for _ in $(seq $(($2 * 10))); do
    if ! kill -0 "$1" 2>/dev/null; then wait "$1"; WAIT_RC=$?; return 0; fi
    sleep 0.1
  done
  return 1
}

# ike helpers (tests/vm/tests/ike-*.sh, around tests/vm/tools/l2sec-ike-tool)
# ike_tool_setup: TOOL (the built l2sec-ike-tool), W=/tmp/ike with psk and wrong-psk
# (0600), L=$VM_LOGS/ike for the outputs, and the kernel's crypto modules loaded
ike_tool_setup() {
  TOOL=${L2SEC_BUILDDIR:?L2SEC_BUILDDIR}/tests/vm/tools/l2sec-ike-tool
  W=/tmp/ike
  L=$VM_LOGS/ike
  mkdir -p "$W" "$L"
  chmod 700 "$W"
  printf 'labsecret\n' > "$W/psk"
  printf 'not-the-labsecret\n' > "$W/wrong-psk"
  chmod 600 "$W/psk" "$W/wrong-psk"
  [ -x "$TOOL" ] || vm_fatal "$TOOL is built"
  ike_modules
}
ike_show() { local f; for f in "$@"; do echo "# --- ${f#"$VM_LOGS"/}"; grep -v '^plugin .*failed to load' "$f" | sed 's/^/# /'; done; }
# ike_tool_fails WHAT NAME TOOL_ARGS...: run $TOOL in cli (output in $L/NAME.out and .err),
# which must end with exit status 1 within 60 s
ike_tool_fails() {
  local what=$1 name=$2 pid; shift 2
  G_MESSAGES_DEBUG=all ip netns exec cli "$TOOL" "$@" > "$L/$name.out" 2> "$L/$name.err" &
  pid=$!
  if vm_wait_pid $pid 60; then
    ike_show "$L/$name.out" "$L/$name.err"
    vm_check_cmp "$what: the tool exits 1" "$WAIT_RC" -eq 1
  else
    kill -TERM $pid 2>/dev/null; vm_wait_pid $pid 10
    ike_show "$L/$name.out" "$L/$name.err"
    vm_check "$what: the tool exits within 60 s" false
  fi
}
ike_xfrm_empty() { [ -z "$(ip -n cli xfrm state)" ] && [ -z "$(ip -n cli xfrm policy)" ]; }
ike_times() { # TOOL_OUTPUT: print IKE_PHASE1_MS= and IKE_PHASE2_MS= from l2sec-ike-tool's lines
  local p1 p2end
  p1=$(sed -n 's/^IKE_ESTABLISHED ms=\([0-9]*\).*/\1/p' "$1")
  p2end=$(sed -n 's/^ESP_INSTALLED ms=\([0-9]*\).*/\1/p' "$1")
  echo "IKE_PHASE1_MS=${p1:-?}"
  if [ -n "$p1" ] && [ -n "$p2end" ]; then echo "IKE_PHASE2_MS=$((p2end - p1))"; else echo "IKE_PHASE2_MS=?"; fi
  # of phase 2: the kernel installing the pair (the first use of an algorithm loads and
  # self-tests its crypto modules, slow under QEMU TCG)
  echo "IKE_XFRM_INSTALL_MS=$(sed -n 's/^ESP_INSTALLED .*xfrm_ms=\([0-9]*\).*/\1/p' "$1")"
}
ike_stop_tool() { # PID OUTPUT: SIGTERM, wait 30 s, check exit 0, CLEAN and an empty XFRM in cli
  kill -TERM "$1"
  if vm_wait_pid "$1" 30; then
    vm_check_cmp "the tool exits 0 after SIGTERM" "$WAIT_RC" -eq 0
  else
    kill -KILL "$1" 2>/dev/null
    vm_check "the tool exits within 30 s of SIGTERM" false
  fi
  vm_check "CLOSED and CLEAN printed" grep -q '^CLEAN' "$2"
  vm_check "after exit: ip xfrm state and policy empty in cli" ike_xfrm_empty
}
ike_modules() { local m; for m in esp4 xfrm_user authenc cbc aes_generic sha1_generic sha256_generic gcm des_generic des3_ede; do modprobe -q $m 2>/dev/null || true; done; }
