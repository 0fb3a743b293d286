"""Signals of the annotation app: how apps built on it (the reward model's retraining trigger)
learn what happened without `annotation` knowing them."""

from django.dispatch import Signal

# An annotation and its comparisons were written: sent by services/submission.py, the one writer
# of annotations (the app's submissions and the importer's rankings alike), inside the
# transaction that wrote them; a receiver that acts on them waits for the commit
# (transaction.on_commit). Arguments: sender=Annotation, annotation.
annotation_recorded = Signal()
