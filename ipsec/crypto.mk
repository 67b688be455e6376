## ipsec/ crypto: DH, PRF, ciphers, IKEv1 key schedule (issue 4, part 2)
