"""The plan's goals dashboard, the statutory-duty barometer and the exports for the council and Danmarks Statistik."""
