"""Models: the classic CNNs (zoo), the layer table for any Keras graph (arch), what an output means
(outputs), the numbers the lessons quote measured on built models (figures). Imports core, uploads, data.
"""
