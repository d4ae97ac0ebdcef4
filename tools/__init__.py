"""Tools that make no part of a build: the sample illustrations (`make illustrations`)."""
