"""The pure core: meeting state and the rules that change it."""
