#!/usr/bin/env python3
"""make-hidden.py OUTDIR — hand-made vectors that xl2tpd cannot send (its
`hidden bit = yes` only adds a Random Vector unless built with -DTEST_HIDDEN):
  hidden-01-icrq.bin  chal-04-icrq.bin with its Assigned Session ID (27181)
                      hidden per RFC 2661 §4.3 with the secret "l2tpvectors"
                      and the message's own Random Vector, 12 bytes of zero pad
  hidden-02-sli.bin   a Set-Link-Info with a hidden ACCM (the Meraki message
                      go-l2tp #6 rejected), Random Vector 01020304
  data-01-ppp.bin     a PPP LCP frame in an L2TP data message (T=0), tunnel
                      17024, as the kernel passes up before the session exists
Written independently of the C code (Python hashlib), so the unit tests
cross-check our reveal against it."""
import hashlib, os, struct, sys

SECRET = b"l2tpvectors"

def avp(typ, value, m=True, h=False, vendor=0):
    flags = (0x8000 if m else 0) | (0x4000 if h else 0) | (6 + len(value))
    return struct.pack(">HHH", flags, vendor, typ) + value

def hide(typ, value, rv, pad):
    p = bytearray(struct.pack(">H", len(value)) + value + b"\0" * pad)
    prev = None
    for off in range(0, len(p), 16):
        if off == 0:
            b = hashlib.md5(struct.pack(">H", typ) + SECRET + rv).digest()
        else:
            b = hashlib.md5(SECRET + prev).digest()
        for i in range(min(16, len(p) - off)):
            p[off + i] ^= b[i]
        prev = bytes(p[off:off + 16])
    return bytes(p)

def control(tunnel, session, ns, nr, avps):
    body = b"".join(avps)
    return struct.pack(">HHHHHH", 0xc802, 12 + len(body), tunnel, session, ns, nr) + body

out = sys.argv[1]
rv = bytes.fromhex("3924a810664585e2398a19f30ee3b954")
icrq = control(11168, 0, 2, 1, [
    avp(0, struct.pack(">H", 10)),
    avp(36, rv),
    avp(14, hide(14, struct.pack(">H", 27181), rv, 12), h=True),
    avp(15, struct.pack(">I", 1)),
    avp(18, struct.pack(">I", 0)),
])
rv2 = bytes.fromhex("01020304")
sli = control(11168, 10801, 5, 3, [
    avp(0, struct.pack(">H", 16)),
    avp(36, rv2),
    avp(35, hide(35, struct.pack(">HII", 0, 0xffffffff, 0xffffffff), rv2, 6), h=True),
])
data = struct.pack(">HHH", 0x0002, 17024, 7) + bytes.fromhex("ff03c02101010004")
for name, b in (("hidden-01-icrq.bin", icrq), ("hidden-02-sli.bin", sli), ("data-01-ppp.bin", data)):
    with open(os.path.join(out, name), "wb") as f:
        f.write(b)
    print(name, len(b))
