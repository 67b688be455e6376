## ipsec/: see DESIGN.md
