"""Review mode (adjudicating annotators' spans) and the agreement dashboard."""
