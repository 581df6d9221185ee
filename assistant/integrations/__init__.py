"""Adapters that let other frameworks use the assistant (each needs its optional extra)."""
