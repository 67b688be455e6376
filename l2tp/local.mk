## l2tp/: see DESIGN.md
