## ui-cli/: see DESIGN.md
