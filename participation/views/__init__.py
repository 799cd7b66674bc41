"""The participation pages, one module per area."""
