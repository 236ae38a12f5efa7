"""Local replicas of the web apps connector-bot drives: tests, demos, training."""
