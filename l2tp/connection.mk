## l2tp/ connection: the edge that runs the control engine, the kernel data path and pppd together (issue 5)
