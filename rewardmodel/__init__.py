"""The reward model and the loop around it.

`core/` is the model itself (plain PyTorch + transformers, no Django). The rest is the loop
that joins it to the annotation pipeline:

- `signals.py`: a new annotation schedules `tasks.check_retrain` for its project on commit;
- `services/runs.py`: queueing (threshold, manual, periodic; one active run per project is a
  database constraint), claiming, heartbeats, retries after lost workers, the reaper;
- `services/training.py`: what a `gpu` worker does with a run (data, training, atomic
  checkpoint, evaluation on the fixed held-out prompts of `split.py`, promotion), with the
  project's options of `training_options.py`;
- `services/promotion.py`: the promotion rule, manual promotion, rollback;
- `services/loop_settings.py`: a project's loop settings;
- `scoring.py` and `services/prescoring.py`: the scoring API and the uncertainty-ordered queue;
- `services/refl_bundle.py`: a dataset snapshot and a model version in one ReFL bundle;
- `selectors.py`: the reads; `dispatch.py`: the tasks sent by name (tasks import services,
  services never import tasks);
- `api/`: the REST endpoints (docs/API.md, "Reward model").

A web process imports all of it but `tasks.py` and `services/training.py` without loading torch
(tests/rewardmodel_loop/test_web_imports.py).
"""
