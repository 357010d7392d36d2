"""Each person's choices: kinds and channels, the digest, verified addresses; units' robots."""
