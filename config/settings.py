"""Settings, read from the environment. Every variable has the embedded default of DESIGN.md:
SQLite under data/, a Celery broker that needs no server (kombu's filesystem transport), media
under data/media, the `tiny` reward-model preset. Production sets DATABASE_URL, CELERY_BROKER_URL
and friends (see README, "Configuration")."""

import os
from pathlib import Path

import dj_database_url

from .storage import bucket_config, storages_setting

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "data")).resolve()

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    # The embedded default keeps a generated key under data/ so sessions survive restarts;
    # production must set DJANGO_SECRET_KEY.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        SECRET_KEY = key_file.read_text().strip()
    else:
        from django.core.management.utils import get_random_secret_key

        SECRET_KEY = get_random_secret_key()
        try:
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            # Readable by its owner only, from the moment it exists.
            with os.fdopen(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
                out.write(SECRET_KEY)
        except OSError:
            pass

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# --- HTTPS (production: DJANGO_SECURE=1, docker/compose.yaml) ------------------------------------
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients):
# cookies only over HTTPS, plain HTTP redirected, browsers told to stay on HTTPS (HSTS).
SECURE = env_bool("DJANGO_SECURE", False)
if SECURE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
# Sent with every HTML page (config/middleware.py; "" sends none), with or without DJANGO_SECURE,
# so the tests run the browser app under it. The app loads scripts and styles from its own
# origin only; images may be data: and blob: URLs (previews of files chosen for upload).
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "annotation",
    "rewardmodel",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer: start every transaction as IMMEDIATE so concurrent writers queue
    # on the lock (with a timeout) instead of failing half-way with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("SQLITE_TEST_NAME") or None
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.exists() else []
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Server-side folders the import API may read from (comma-separated); the CLI may read anywhere.
IMPORT_ROOTS = [Path(p).resolve() for p in env_list("IMPORT_ROOTS", str(DATA_DIR / "imports"))]
# Uploaded zips waiting for the import worker (it deletes each once it ran); workers share it.
IMPORT_UPLOAD_ROOT = Path(os.environ.get("IMPORT_UPLOAD_ROOT", DATA_DIR / "import-uploads"))
# Threads that decode and store an import's images (annotation/imports/parallel.py).
IMPORT_WORKERS = int(os.environ.get("IMPORT_WORKERS", "4"))
EXPORT_ROOT = Path(os.environ.get("EXPORT_ROOT", DATA_DIR / "exports"))
CHECKPOINT_ROOT = Path(os.environ.get("CHECKPOINT_ROOT", DATA_DIR / "checkpoints"))
# Images, exports and checkpoints: the local folders above, or one S3-compatible bucket when
# STORAGE_URL=s3://bucket/prefix names one (config/storage.py lists the other STORAGE_* settings).
STORAGE_BUCKET = bucket_config()
STORAGES = storages_setting(
    STORAGE_BUCKET, media_root=MEDIA_ROOT, export_root=EXPORT_ROOT, checkpoint_root=CHECKPOINT_ROOT
)
# Bucket prefixes the import API may read (s3://bucket/prefix, comma-separated), as IMPORT_ROOTS
# for folders; the CLI may read any. Unset (None): the imports/ prefix of STORAGE_URL's bucket.
IMPORT_BUCKET_ROOTS = env_list("IMPORT_BUCKET_ROOTS") or None
# Files moved to or from the bucket at once (config/transfers.py): an export's upload and its
# check, a checkpoint's download, a training run's images.
STORAGE_TRANSFER_CONCURRENCY = int(os.environ.get("STORAGE_TRANSFER_CONCURRENCY", "8"))
# With a bucket, the checkpoints a process loads are copied here first, one folder per checkpoint
# named by the sha256 of its manifest (rewardmodel/checkpoints.py); workers and web servers each
# keep their own.
CHECKPOINT_CACHE_DIR = Path(os.environ.get("CHECKPOINT_CACHE_DIR", DATA_DIR / "checkpoint-cache"))
# Checkpoints the cache keeps (the ones used last); production, the candidate and a warm start fit.
CHECKPOINT_CACHE_KEEP = int(os.environ.get("CHECKPOINT_CACHE_KEEP", "3"))
# Decompression-bomb guard for imported images.
MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", str(64 * 1024 * 1024)))
# Bounds of a project's protocol (annotation/services/projects.py). Quality statistics allocate in
# proportion to a rating scale's points and submissions check flags against the lists, so each is
# bounded; label lengths match the columns that store a chosen category.
PROTOCOL_LIMITS = {
    "rating_dimensions": int(os.environ.get("PROTOCOL_MAX_RATING_DIMENSIONS", "16")),
    "rating_points": int(os.environ.get("PROTOCOL_MAX_RATING_POINTS", "101")),  # max - min + 1
    "rating_abs": 1_000_000,  # |min| and |max|
    "labels": int(os.environ.get("PROTOCOL_MAX_LABELS", "64")),  # per flag or category list
    "label_length": 100,  # Annotation.prompt_category's column
    "instructions_length": int(os.environ.get("PROTOCOL_MAX_INSTRUCTIONS", "50000")),
}
# Bounds of the annotators' requests, checked before any lock: group ids a next-task call may
# exclude (the app sends the one or two groups it holds) and the length of a skip's reason.
NEXT_TASK_MAX_EXCLUDE = int(os.environ.get("NEXT_TASK_MAX_EXCLUDE", "100"))
SKIP_REASON_MAX_LENGTH = int(os.environ.get("SKIP_REASON_MAX_LENGTH", "2000"))
REWARD_MODEL_PRESET = os.environ.get("REWARD_MODEL_PRESET", "tiny")

# --- Cache ------------------------------------------------------------------------------------
# Holds the sign-in throttles' counts. Memory of one process by default; with several web
# processes (gunicorn workers, hosts) CACHE_URL=redis://host:6379/1 makes them share the counts.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- REST API ---------------------------------------------------------------------------------
# Bounds on the work one request may cost (answers in docs/API.md, "Errors and limits"): a body
# (JSON, a form's fields; not uploaded files) over DATA_UPLOAD_MAX_MEMORY_SIZE bytes is 413
# `too_large`; JSON nested deeper than API_MAX_JSON_DEPTH is 400 `max_depth` (config/parsers.py);
# a list's `limit` above API_MAX_LIMIT is 400 (config/pagination.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))
API_MAX_JSON_DEPTH = int(os.environ.get("API_MAX_JSON_DEPTH", "64"))
API_MAX_LIMIT = int(os.environ.get("API_MAX_LIMIT", "500"))
# Sign-in attempts (auth/login/, auth/token/) per username and per client address, as DRF rates
# ("10/min", "100/hour"; "" turns one off): past them 429 with Retry-After (config/throttling.py).
SIGN_IN_RATE_PER_USERNAME = os.environ.get("SIGN_IN_RATE_PER_USERNAME", "10/min") or None
SIGN_IN_RATE_PER_ADDRESS = os.environ.get("SIGN_IN_RATE_PER_ADDRESS", "60/min") or None
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "annotation.api.authentication.FastTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "config.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "annotation.errors.api_exception_handler",
    # Proxies in front of the web server: the client's address for the sign-in throttle is the
    # X-Forwarded-For entry this many hops back; 0 takes the connection's address (a client can
    # write any X-Forwarded-For it likes).
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Image preference platform API",
    "DESCRIPTION": "Annotation of text-to-image generations, reward-model versions and dataset exports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page works offline: Swagger UI and Redoc come from drf-spectacular-sidecar.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set used by several serializers.
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "annotation.models.Role",
        "AnnotationStatusEnum": "annotation.models.AnnotationStatus",
        "ImportStatusEnum": "annotation.models.ImportStatus",
        "QualificationStateEnum": "annotation.services.qualification.STATES",
        "ModelVersionStatusEnum": "rewardmodel.models.VersionStatus",
        "TrainingRunStateEnum": "rewardmodel.models.RunState",
        "TrainingRunTriggerEnum": "rewardmodel.models.RunTrigger",
        "WebhookEventEnum": "annotation.webhooks.events.EVENT_TYPES",
    },
}

# --- Celery -----------------------------------------------------------------------------------
BROKER_DIR = DATA_DIR / "broker"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("out", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
# The database, not a result backend, records a job's state and progress.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "rewardmodel.tasks.train_reward_model": {"queue": "gpu"},
    "rewardmodel.tasks.prescore_groups": {"queue": "gpu"},
    "rewardmodel.tasks.run_refl": {"queue": "gpu"},
    "rewardmodel.tasks.measure_model_agreement": {"queue": "gpu"},
}
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # An unacknowledged message goes back to the queue after this long; longer than any
    # training run, so a long run is not handed to a second worker while the first still works.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "43200"))}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE = {
    # Reaps runs whose worker died, re-sends lost messages, catches missed retraining thresholds.
    "rewardmodel-periodic-check": {
        "task": "rewardmodel.tasks.periodic_check",
        "schedule": float(os.environ.get("REWARD_MODEL_CHECK_SECONDS", "60")),
    },
}

# --- Reward model in the loop (rewardmodel/services/runs.py) ----------------------------------
# A running run writes a heartbeat this often; one whose heartbeat is older than STALE is reaped.
# A web process sends at most one retrain check per project this often (rewardmodel/signals.py).
REWARD_MODEL_TRIGGER_SECONDS = float(os.environ.get("REWARD_MODEL_TRIGGER_SECONDS", "5"))
REWARD_MODEL_HEARTBEAT_SECONDS = float(os.environ.get("REWARD_MODEL_HEARTBEAT_SECONDS", "10"))
REWARD_MODEL_STALE_SECONDS = float(os.environ.get("REWARD_MODEL_STALE_SECONDS", "180"))
# Executions of one run lost to dead workers before it is marked failed.
REWARD_MODEL_MAX_ATTEMPTS = int(os.environ.get("REWARD_MODEL_MAX_ATTEMPTS", "3"))
# A run still queued this long after its message was sent gets its message again.
REWARD_MODEL_RESEND_SECONDS = float(os.environ.get("REWARD_MODEL_RESEND_SECONDS", "3600"))
# "" picks cuda when available, else cpu.
REWARD_MODEL_DEVICE = os.environ.get("REWARD_MODEL_DEVICE", "")
SCORING_BATCH_SIZE = int(os.environ.get("SCORING_BATCH_SIZE", "32"))
# Model versions kept loaded per process by the scoring API.
SCORING_CACHE_SIZE = int(os.environ.get("SCORING_CACHE_SIZE", "2"))
SCORING_MAX_IMAGES = int(os.environ.get("SCORING_MAX_IMAGES", "64"))
# Decoded pixels of all the images one scoring request uploads (3 bytes each once decoded).
SCORING_MAX_TOTAL_PIXELS = int(os.environ.get("SCORING_MAX_TOTAL_PIXELS", str(64 * 1024 * 1024)))
# "" scores in float32 (the library's numbers exactly); "bf16" or "fp16" autocasts on a GPU.
SCORING_DTYPE = os.environ.get("SCORING_DTYPE", "")
# The production model as a second reviewer (rewardmodel/services/model_agreement.py): how many of
# the groups where it disagrees most with the labelers enter each project's review queue.
MODEL_DISAGREEMENT_GROUPS = int(os.environ.get("MODEL_DISAGREEMENT_GROUPS", "50"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Hardening limits (issue #11; docs/API.md, "Limits on exports and reward-model settings") ---
# Entries a snapshot request may list in filters.annotators, split.test or split.valid.
EXPORT_MAX_LIST_ITEMS = int(os.environ.get("EXPORT_MAX_LIST_ITEMS", "10000"))
# Bounds of a project's training_options (rewardmodel/training_options.py, check_training_options): what
# one run may ask of a GPU worker.
REWARD_MODEL_MAX_EPOCHS = int(os.environ.get("REWARD_MODEL_MAX_EPOCHS", "100"))
REWARD_MODEL_MAX_NUM_WORKERS = int(os.environ.get("REWARD_MODEL_MAX_NUM_WORKERS", "16"))
REWARD_MODEL_MAX_GROUPS_PER_BATCH = int(os.environ.get("REWARD_MODEL_MAX_GROUPS_PER_BATCH", "256"))
REWARD_MODEL_MAX_GRAD_ACCUM_STEPS = int(os.environ.get("REWARD_MODEL_MAX_GRAD_ACCUM_STEPS", "256"))
# The only folder training_options.backbone and .tokenizer may name (besides the presets' hub ids).
REWARD_MODEL_BACKBONE_ROOT = Path(os.environ.get("REWARD_MODEL_BACKBONE_ROOT", DATA_DIR / "backbones"))
# Lost exports (annotation/services/exports.py, reap_stale_snapshots): a pending snapshot whose
# message waited EXPORT_RESEND_SECONDS is sent again; a running one with no progress for
# EXPORT_STALE_SECONDS (longer than zipping the largest export) is failed, to be exported again.
EXPORT_RESEND_SECONDS = float(os.environ.get("EXPORT_RESEND_SECONDS", "1800"))
EXPORT_STALE_SECONDS = float(os.environ.get("EXPORT_STALE_SECONDS", "3600"))
# Import jobs (annotation/imports/jobs.py): a queued job's message is sent again after
# IMPORT_RESEND_SECONDS; a running one with no sign of life for IMPORT_STALE_SECONDS is run again.
IMPORT_RESEND_SECONDS = float(os.environ.get("IMPORT_RESEND_SECONDS", "600"))
IMPORT_STALE_SECONDS = float(os.environ.get("IMPORT_STALE_SECONDS", "1800"))
CELERY_BEAT_SCHEDULE["annotation-reap-stale-imports"] = {
    "task": "annotation.tasks.reap_stale_import_jobs",
    "schedule": float(os.environ.get("IMPORT_REAP_SECONDS", "300")),
}
CELERY_BEAT_SCHEDULE["annotation-reap-stale-snapshots"] = {
    "task": "annotation.tasks.reap_stale_snapshots",
    "schedule": float(os.environ.get("EXPORT_REAP_SECONDS", "300")),
}
# --- ReFL runs (issue #15; rewardmodel/services/refl_runs.py, docs/API.md "ReFL runs") ---
# The diffusers pipelines a ReFL run may fine-tune: folders under this root, named relative to it.
REFL_PIPELINE_ROOT = Path(os.environ.get("REFL_PIPELINE_ROOT", DATA_DIR / "pipelines"))
# Bounds of a run's options (rewardmodel/refl_options.py): what one run may ask of a GPU worker.
REFL_MAX_STEPS = int(os.environ.get("REFL_MAX_STEPS", "100000"))
REFL_MAX_BATCH_SIZE = int(os.environ.get("REFL_MAX_BATCH_SIZE", "64"))
REFL_MAX_RESOLUTION = int(os.environ.get("REFL_MAX_RESOLUTION", "2048"))
REFL_MAX_EVAL_PROMPTS = int(os.environ.get("REFL_MAX_EVAL_PROMPTS", "256"))

# --- Webhooks (annotation/webhooks/) -----------------------------------------------------------
# Targets on loopback, private, link-local or reserved addresses are refused unless this is set
# (tests, receivers on the same network on premise); cloud metadata addresses always are.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
# One attempt's budget: connecting, sending and reading the answer.
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
# Waits before the 2nd, 3rd, ... attempt; a delivery fails after the last (five attempts over an hour).
WEBHOOK_RETRY_DELAYS = [float(s) for s in env_list("WEBHOOK_RETRY_DELAYS", "60,300,900,2400")]
# How long a process trusts what it read about a project's active webhooks (a change made in
# another process reaches its events within this time).
WEBHOOK_SUBSCRIPTIONS_SECONDS = float(os.environ.get("WEBHOOK_SUBSCRIPTIONS_SECONDS", "5"))
# Events reach the fan-out this long after their commit at most; a process sends one fan-out
# message per project per this time, however many events it records.
WEBHOOK_FAN_OUT_SECONDS = float(os.environ.get("WEBHOOK_FAN_OUT_SECONDS", "1"))
# An event not fanned out, or a pending delivery overdue, this long is sent again by the sweep.
WEBHOOK_RESEND_SECONDS = float(os.environ.get("WEBHOOK_RESEND_SECONDS", "60"))
CELERY_BEAT_SCHEDULE["annotation-sweep-webhooks"] = {
    "task": "annotation.tasks.sweep_webhooks",
    "schedule": float(os.environ.get("WEBHOOK_SWEEP_SECONDS", "60")),
}
