"""The platform's policy pack (docs/design.md#security-baseline); see policy/baseline.py."""
