"""The platform's policy pack (SPEC 7); see policy/baseline.py."""
