## client/: see DESIGN.md
