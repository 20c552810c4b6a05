"""Between the meetings: safety plans, the no-show rule, the travel and return watch and the concern radar."""
