"""Counselling articles, topics, legal references and audiences."""
