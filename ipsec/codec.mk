## ipsec/ codec: ISAKMP header and payloads (issue 4, part 1)
