#!/usr/bin/env python3
"""pcap2bin.py PCAP OUTDIR PREFIX — write the UDP payload of every udp/1701
datagram in an Ethernet pcap (tcpdump -w) to OUTDIR/PREFIX-NN-<type>.bin,
where <type> is the L2TP message type name (or "zlb"). Plain Python, no deps."""
import os, struct, sys

NAMES = {1: "sccrq", 2: "sccrp", 3: "scccn", 4: "stopccn", 6: "hello", 7: "ocrq",
         8: "ocrp", 9: "occn", 10: "icrq", 11: "icrp", 12: "iccn", 14: "cdn",
         15: "wen", 16: "sli"}

def payloads(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
    off = 24
    while off + 16 <= len(data):
        _, _, caplen, _ = struct.unpack(end + "IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        if len(pkt) < 14 or pkt[12:14] != b"\x08\x00":
            continue
        ihl = (pkt[14] & 0x0F) * 4
        if pkt[14 + 9] != 17:
            continue
        udp = pkt[14 + ihl:]
        ulen = struct.unpack(">H", udp[4:6])[0]
        yield udp[8:ulen]

def msgtype(p):
    if len(p) < 12 or not p[0] & 0x80:
        return "data"
    if len(p) == 12:
        return "zlb"
    t = struct.unpack(">H", p[18:20])[0] if len(p) >= 20 else 0
    return NAMES.get(t, "type%d" % t)

pcap, outdir, prefix = sys.argv[1:4]
os.makedirs(outdir, exist_ok=True)
for i, p in enumerate(payloads(pcap), 1):
    name = os.path.join(outdir, "%s-%02d-%s.bin" % (prefix, i, msgtype(p)))
    with open(name, "wb") as f:
        f.write(p)
    print(name, len(p))
