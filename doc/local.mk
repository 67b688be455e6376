## doc/: see DESIGN.md
