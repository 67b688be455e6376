#!/bin/bash
# The guest half of bench/connect (runs inside the lab VM).
. "$L2SEC_SRCDIR/tests/vm/lib.sh"
. "$L2SEC_SRCDIR/tests/vm/connect-lib.sh"
RUNS=${L2SEC_BENCH_RUNS:-5}
PROPOSALS=(ipsec.ike-proposals=aes256-sha256-modp2048 ipsec.esp-proposals=aes256-sha256)

vm_topology flat
vm_server || vm_fatal "the server starts"
l2sec_setup || vm_fatal "l2sec is in place"
l2sec_profile bench "${PROPOSALS[@]}" routes.default-route=no routes.routes=10.99.0.0/24

# the reference stack down again: xl2tpd first (its pppd follows) while charon
# still holds the SAs, so that its StopCCN reaches the server through ESP;
# otherwise the server keeps that tunnel (same addresses and ports as the next
# client's) for a minute and the next connection's PPP frames go to it. Then
# charon, then whatever SAs are left.
ref_pids() { # COMM...: pids of these programs in cli
  local pid comm want
  for pid in $(ip netns pids cli); do
    comm=$(cat /proc/"$pid"/comm 2>/dev/null) || continue
    for want in "$@"; do [ "$comm" = "$want" ] && echo "$pid"; done
  done
}
ref_stop() {
  local _
  kill $(ref_pids xl2tpd pppd) 2>/dev/null
  for _ in $(seq 100); do [ -z "$(ref_pids xl2tpd pppd)" ] && break; sleep 0.1; done
  kill $(ref_pids charon) 2>/dev/null
  for _ in $(seq 100); do [ -z "$(ref_pids charon)" ] && break; sleep 0.1; done
  ip -n cli xfrm state flush; ip -n cli xfrm policy flush
  sleep 0.5
}
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

ref_t=() l2_t=() ref_bw=() l2_bw=() ref_rss=() l2_rss=()
for i in $(seq "$RUNS"); do
  vm_log "run $i/$RUNS: reference"
  vm_reference_client > /tmp/ref.out 2>&1 || { cat /tmp/ref.out; vm_dump_logs; vm_fatal "the reference connects"; }
  ref_t+=("$(sed -n 's/^REF_TOTAL_S=//p' /tmp/ref.out)")
  ref_bw+=("$(vm_iperf cli 3 || echo 0)")
  ref_rss+=("$(vm_peak_rss_kb cli charon xl2tpd)")
  ref_stop

  vm_log "run $i/$RUNS: l2sec"
  l2sec_connect bench --no-reconnect > /tmp/l2.out
  [ "$L2SEC_RC" = 0 ] || { cat /tmp/l2.out; l2sec_dump_log; vm_fatal "l2sec connects"; }
  vm_wait_ppp cli 5 > /dev/null || vm_fatal "l2sec has a PPP address"
  l2_t+=("$L2SEC_CONNECT_S")
  l2_bw+=("$(vm_iperf cli 3 || echo 0)")
  l2_rss+=("$(vm_peak_rss_kb cli l2sec)")
  ip netns exec cli "$L2SEC" disconnect bench > /dev/null || vm_fatal "l2sec disconnects"
  echo "  run $i: reference ${ref_t[-1]} s ${ref_bw[-1]} Mbit/s | l2sec ${l2_t[-1]} s ${l2_bw[-1]} Mbit/s"
done

rt=$(printf '%s\n' "${ref_t[@]}" | median); lt=$(printf '%s\n' "${l2_t[@]}" | median)
rb=$(printf '%s\n' "${ref_bw[@]}" | median); lb=$(printf '%s\n' "${l2_bw[@]}" | median)
rr=$(printf '%s\n' "${ref_rss[@]}" | median); lr=$(printf '%s\n' "${l2_rss[@]}" | median)
echo
echo "bench/connect: $RUNS runs each, flat topology, aes256-sha256-modp2048 / aes256-sha256, QEMU $(nproc) vCPU"
printf '  command to PPP address (median)  reference %.2f s   l2sec %.2f s   ratio l2sec/reference %.2f\n' "$rt" "$lt" "$(echo "$lt / $rt" | bc -l)"
printf '  iperf3 3 s (median)              reference %.1f Mbit/s   l2sec %.1f Mbit/s   ratio %.2f\n' "$rb" "$lb" "$(echo "$lb / $rb" | bc -l)"
printf '  peak RSS (median)                charon+xl2tpd %d KiB   l2sec %d KiB (pppd not counted: both run one)\n' "$rr" "$lr"
echo "  reference: charon already running, timed from swanctl --initiate (as tests/vm/lib.sh's vm_reference_client)"

# the whole cycle, paired by farm-bench: connect, ping once, disconnect
if command -v farm-bench > /dev/null; then
  cat > /tmp/cycle-l2sec <<EOS
#!/bin/bash
ip netns exec cli $L2SEC connect bench --no-reconnect > /dev/null && ip netns exec cli ping -c 1 -W 5 10.99.0.1 > /dev/null && ip netns exec cli $L2SEC disconnect bench > /dev/null
EOS
  cat > /tmp/cycle-ref <<EOS
#!/bin/bash
. $L2SEC_SRCDIR/tests/vm/lib.sh
$(declare -f ref_pids ref_stop)
vm_reference_client > /dev/null 2>&1 && ip netns exec cli ping -c 1 -W 5 10.99.0.1 > /dev/null; rc=\$?; ref_stop; exit \$rc
EOS
  chmod +x /tmp/cycle-l2sec /tmp/cycle-ref
  echo
  echo "farm-bench, connect + ping + disconnect (A = l2sec, B = reference):"
  farm-bench -n "$RUNS" --timeout 900 --vs /tmp/cycle-ref -- /tmp/cycle-l2sec 2>&1 | sed 's/^/  /'
fi
