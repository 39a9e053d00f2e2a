"""Lessons: ordered views of the app with notes, shipped or a teacher's own, as JSON or inside a link.
"""
