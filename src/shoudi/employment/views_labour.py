"""Pages of the labour part (thin: forms in, services, selectors out)."""
