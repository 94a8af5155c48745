"""Pure rules for members: statutory and business rules, no ORM, no clock, no I/O."""
