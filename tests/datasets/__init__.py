"""Tests of bot_core.datasets: loading, mirror, cache and hashes; the sources; provenance."""
