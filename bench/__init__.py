"""The benchmark: the bot against the floor the UI allows and a naive loop."""
