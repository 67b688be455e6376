## l2tp/ kernel: L2TP genl tunnel/session, PPPoL2TP socket, pppd launcher and plugin (issue 5, parts 3-4)
