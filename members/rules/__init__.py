"""Members' pure rules (no ORM, no clock), one module per sub-domain."""
