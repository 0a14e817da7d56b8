"""Newsroom: stories out of items (cluster, rank by rubric), drafted briefs and quotes."""
