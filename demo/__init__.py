"""The player's journey as the mobile app makes it (`make demo`, tests/e2e)."""
