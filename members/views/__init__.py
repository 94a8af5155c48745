"""Members' views, one module per area (portal, records, interests, allowances, training)."""
