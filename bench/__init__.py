"""Benchmarks that run the real app and CLI as a person would, with baselines from the same run."""
