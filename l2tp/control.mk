## l2tp/ control connection: tunnel and session state machines, reliable delivery (issue 5, part 2)
