## ipsec/ edge: the IKE connection on real sockets and the kernel (ike_connection.c).
