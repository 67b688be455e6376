## ipsec/ kernel: XFRM SAs and policies via libnl-xfrm, IKE sockets (issue 4, part 7)
