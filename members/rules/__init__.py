"""Pure statutory and business rules for members: no ORM, no clock, no I/O."""
