## ipsec/ exchanges: Main Mode, Quick Mode, Informational state machines (issue 4, part 3)
