## nm/: see DESIGN.md
