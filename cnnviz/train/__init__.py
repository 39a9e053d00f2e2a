"""Training and its records: the recipe (training), live history (live), background runs (jobs, remote),
the .keras + JSON format (checkpoints), every epoch's weights (replay), who sees which run (runs),
fine-tuning an upload (finetune), the initialiser and freezing labs, runs side by side (compare).
"""
