"""Pages of the posts part (thin: forms in, services, selectors out)."""
