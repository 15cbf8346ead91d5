"""Lekgotla: a static knowledge base of municipal best practice."""

__version__ = "0.1.0"
