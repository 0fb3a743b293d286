#!/usr/bin/env bash
# The annotation load benchmark, end to end: builds the bench database (1,000 annotators with
# tokens, 10,000 groups of 4 images), starts gunicorn as in production (PostgreSQL, gthread
# workers, persistent connections), runs 1,000 simulated annotators completing a group every
# 30 s each (~33 groups/s), then ramps the offered rate to find the highest one sustained with
# p95 under 100 ms, and stops the server. Figures go to stdout.
#
#   bench/run_load.sh                       # defaults below
#   WORKERS=4 THREADS=2 bench/run_load.sh   # other server shapes
#   RATES="40 60 80" DURATION=60 bench/run_load.sh
#   NICE=-10 bench/run_load.sh              # on a machine shared with other work (needs root)
#
# Needs PostgreSQL; the database is dropped and rebuilt by `setup` only in its bench project,
# but use a dedicated database all the same.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/imagepref_bench}"
# As in production, retrain checks go to a Redis broker (the embedded filesystem broker would write
# a file per message); a web process sends at most one per REWARD_MODEL_TRIGGER_SECONDS.
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/13}"
case "$DATABASE_URL" in postgres*) ;; *) echo "run_load.sh needs a PostgreSQL DATABASE_URL" >&2; exit 2 ;; esac

PY="${PY:-.venv/bin/python}"
exec "$PY" bench/load_annotators.py all \
    --annotators "${ANNOTATORS:-1000}" --groups "${N_GROUPS:-10000}" --images "${IMAGES:-4}" \
    --period "${PERIOD:-30}" --duration "${DURATION:-120}" \
    --workers "${WORKERS:-2}" --threads "${THREADS:-4}" --worker-class "${WORKER_CLASS:-gthread}" \
    --conn-max-age "${DB_CONN_MAX_AGE:-60}" --bind "${BIND:-127.0.0.1:8100}" --nice "${NICE:-0}" \
    --rates ${RATES:-40 50 60 70 80 100 120} --step-duration "${STEP_DURATION:-60}" --p95-ms 100 \
    "$@"
