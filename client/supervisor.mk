## client/ supervisor: one connection from profile to PPP up, control socket, state.
