"""The platform's policy pack (docs/design.md §6); see policy/baseline.py."""
