"""A user's file, read safely: what a file is (sniff), decoding a picture, converting it to a model's input
(images), whether it looks like the training images (photos), an uploaded .keras checked before Keras builds
anything (vetting, model_size). Imports core.
"""
