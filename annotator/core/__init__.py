"""Domain types and pure logic. Standard library only."""
