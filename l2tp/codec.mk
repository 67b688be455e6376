## l2tp/ codec: L2TPv2 header, AVPs, hidden AVPs, messages (issue 5, part 1)
