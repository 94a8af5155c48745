"""Appeals pages, by audience: the clerk's (home, reference data, cases, hearings), the panel
member's, and the family's (lodging an appeal and adding evidence, without an account)."""
