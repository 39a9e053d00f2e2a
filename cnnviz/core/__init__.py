"""The ground floor: errors that carry a message key, every string in English and Korean, byte budgets,
objects built once per model. Imports no other room.
"""
