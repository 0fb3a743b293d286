"""The reward model and the loop around it.

`core/` is the model itself (plain PyTorch + transformers, no Django). The rest is the loop
that joins it to the annotation pipeline:

- `signals.py`: a new annotation schedules `tasks.check_retrain` for its project on commit;
- `services/runs.py`: queueing (threshold, manual, periodic; one active run per project is a
  database constraint), claiming, heartbeats, retries after lost workers, the reaper;
- `services/training.py`: what a `gpu` worker does with a run (data, training, atomic
  checkpoint, evaluation on the fixed held-out prompts of `split.py`, promotion);
- `services/promotion.py`: the promotion rule, manual promotion, rollback;
- `scoring.py` and `services/prescoring.py`: the scoring API and the uncertainty-ordered queue;
- `api/`: the REST endpoints (docs/API.md, "Reward model").
"""
