"""What every business area shares: the unit of work, commands, errors, column types and the
metadata, jurisdiction, the clock, numbers, audit, domain events, printing basics."""
