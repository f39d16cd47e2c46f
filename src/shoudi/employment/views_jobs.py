"""Pages of the jobs part (thin: forms in, services, selectors out)."""
