/**
 * Generated from the Django API's OpenAPI schema by `npm run gen:api` (scripts/gen-api.mjs).
 * Do not edit: change the serializers, then regenerate. `npm run check:api` fails when stale.
 */

export interface paths {
    "/api/v1/annotations/{annotation_id}/review/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept or reject an annotation (reviewer or manager; not one's own)
         * @description Rejecting gives the group's place back for relabelling and withdraws the annotation's comparisons. The same decision again answers 200 and changes nothing; a different decision on an already reviewed annotation is a manager's (409 for a reviewer).
         */
        post: operations["api_v1_annotations_review_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/csrf/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Set the csrftoken cookie */
        get: operations["api_v1_auth_csrf_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in */
        post: operations["api_v1_auth_login_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out (and revoke the API token) */
        post: operations["api_v1_auth_logout_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user (403 when signed out) */
        get: operations["api_v1_auth_me_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/token/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A token for scripts: send it as `Authorization: Token <key>` */
        post: operations["api_v1_auth_token_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/token/rotate/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new token for the caller; the old one stops working (signed in by session or token) */
        post: operations["api_v1_auth_token_rotate_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{group_id}/image-urls/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Fresh URLs of a held group's images, for its lease holder only (before `urls_expire_at`) */
        get: operations["api_v1_groups_image_urls_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{group_id}/release/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give the lease back without skipping */
        post: operations["api_v1_groups_release_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{group_id}/skip/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Skip a group */
        post: operations["api_v1_groups_skip_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{group_id}/submit/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit ratings, flags and the ranking of a group */
        post: operations["api_v1_groups_submit_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/model-versions/{version_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version with its split and the annotations it saw */
        get: operations["api_v1_model_versions_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/model-versions/{version_id}/promote/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put a ready version in production (manager) */
        post: operations["api_v1_model_versions_promote_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's projects and progress */
        get: operations["api_v1_projects_list"];
        put?: never;
        /** Create (staff) */
        post: operations["api_v1_projects_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Settings and protocol (members) */
        get: operations["api_v1_projects_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change (manager) */
        patch: operations["api_v1_projects_partial_update"];
        trace?: never;
    };
    "/api/v1/projects/{project_id}/annotations/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Annotations of a project for review (reviewer or manager) */
        get: operations["api_v1_projects_annotations_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/annotators/{annotator_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One annotator's figures, trend, pauses, recent work and review decisions (reviewer or manager) */
        get: operations["api_v1_projects_annotators_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/annotators/{annotator_id}/pause/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause an annotator by hand: no new work, held groups given back (manager) */
        post: operations["api_v1_projects_annotators_pause_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/annotators/{annotator_id}/qualification/reset/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Let an annotator who failed the qualification try again, saying why (manager; audited) */
        post: operations["api_v1_projects_annotators_qualification_reset_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/annotators/{annotator_id}/resume/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused annotator, saying why (manager; audited) */
        post: operations["api_v1_projects_annotators_resume_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/groups/{group_id}/model-scores/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The production model's scores of a group's images, for the review screen (reviewer, manager)
         * @description Stored scores (the worker scores every annotated non-gold group when a version becomes production and as work comes in), never computed per request; `version` null without a production version. 404 `group`/`not_in_project` for a group of another project.
         */
        get: operations["api_v1_projects_groups_model_scores_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/import-jobs/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's import jobs, newest first: status, progress, counts, who (manager) */
        get: operations["api_v1_projects_import_jobs_list"];
        put?: never;
        /**
         * Queue an import for a worker (manager)
         * @description The body of `POST imports/`; answers 202 with the job at once. Poll `import-jobs/{id}/`: `status` goes queued, running (with `stage` unpacking, checking, storing, writing and `done` of `total`), then done (`batch`, `counts`), refused (`problems`: every bad row; nothing written) or failed (`error`). Bad options, a folder outside IMPORT_ROOTS, a bucket prefix outside IMPORT_BUCKET_ROOTS, empty or denied, or an upload that is no zip are refused at once (400); a bucket that cannot be reached is a 503 naming the setting.
         */
        post: operations["api_v1_projects_import_jobs_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/import-jobs/{job_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One import job with its bad rows (manager) */
        get: operations["api_v1_projects_import_jobs_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/imports/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's import batches, newest first (manager) */
        get: operations["api_v1_projects_imports_list"];
        put?: never;
        /**
         * Import generations (manager)
         * @description From a folder under the server's IMPORT_ROOTS (JSON body with `folder`), a bucket prefix under IMPORT_BUCKET_ROOTS (`folder`: s3://bucket/prefix) or an uploaded zip of the folder (multipart with `archive`). `format` is `jsonl` (one line per image: group, prompt, image, generator, seed, metadata, rank, category) or `reference` (ImageReward's train.json). A bad row refuses the whole import with one error per row (`manifest.jsonl:12.image`, `train.json[3].generations[1]`) and nothing is written.
         */
        post: operations["api_v1_projects_imports_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/members/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members and their roles (manager) */
        get: operations["api_v1_projects_members_list"];
        put?: never;
        /** Add a role (manager) */
        post: operations["api_v1_projects_members_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/model/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's model loop at a glance (researcher, reviewer, manager) */
        get: operations["api_v1_projects_model_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/model/learning-curve/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Held-out accuracy against training comparisons, one point per version */
        get: operations["api_v1_projects_model_learning_curve_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/model/prescore/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pre-score the open prompt groups with production (manager)
         * @description Queues the scoring of every open group the production version has not scored; when the project orders its queue by uncertainty, their priorities follow.
         */
        post: operations["api_v1_projects_model_prescore_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/model/promotions/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** History of production changes, newest first */
        get: operations["api_v1_projects_model_promotions_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/model/rollback/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give production back to the version it replaced (manager) */
        post: operations["api_v1_projects_model_rollback_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/model/runs/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Training runs, newest first (researcher, reviewer, manager) */
        get: operations["api_v1_projects_model_runs_list"];
        put?: never;
        /**
         * Retrain now (manager)
         * @description Queues a run on the `gpu` queue. 409 while the project has a queued or running run.
         */
        post: operations["api_v1_projects_model_runs_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/model/score/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Score images for a prompt (researcher, manager)
         * @description Images of the project (`image_ids`, JSON) or uploaded files (`images`, multipart), scored with the production version (or `version`), batched; normalised ImageReward scores.
         */
        post: operations["api_v1_projects_model_score_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/model/settings/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's loop settings (researcher, reviewer, manager) */
        get: operations["api_v1_projects_model_settings_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the loop settings (manager)
         * @description The held-out fraction is fixed once the project has a model version (400 `fixed_once_trained`), so every version is evaluated on the same rule.
         */
        patch: operations["api_v1_projects_model_settings_partial_update"];
        trace?: never;
    };
    "/api/v1/projects/{project_id}/model/versions/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Model versions, newest first (researcher, reviewer, manager) */
        get: operations["api_v1_projects_model_versions_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/next-task/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The group to annotate next (a held one first; at most 2 held per project) */
        post: operations["api_v1_projects_next_task_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/people/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One row per member: roles, annotations, held groups, last activity (manager) */
        get: operations["api_v1_projects_people_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/people/{username}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a member's roles; losing `annotator` gives their held groups back (manager) */
        put: operations["api_v1_projects_people_update"];
        post?: never;
        /** Remove a member; their held groups go back to the queue, their annotations stay (manager) */
        delete: operations["api_v1_projects_people_destroy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/progress/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Groups complete, in progress and open; annotations per day; who is active; estimated finish (manager) */
        get: operations["api_v1_projects_progress_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/qualification-groups/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's gold groups, each with whether it is in the qualification set (manager) */
        get: operations["api_v1_projects_qualification_groups_list"];
        put?: never;
        /** Mark gold groups as the project's qualification set (manager) */
        post: operations["api_v1_projects_qualification_groups_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/qualification-groups/{group_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Take a group out of the qualification set; it stays a gold group (manager)
         * @description Refused (409) while an annotator's qualification attempt in progress holds or answered the group. A group that is not in the set is left as it is.
         */
        delete: operations["api_v1_projects_qualification_groups_destroy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/qualification/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's qualification in the project: progress, results and what they mean (annotator)
         * @description Records the result of an attempt that has all its answers before answering, as next-task does.
         */
        get: operations["api_v1_projects_qualification_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/quality/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Agreement, gold accuracy and per-annotator figures (reviewer, researcher or manager) */
        get: operations["api_v1_projects_quality_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/quality/report/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The stored quality figures and when they were computed (reviewer, researcher or manager)
         * @description Recomputed by a worker after new annotations; a project that has none yet is computed on the first request. `model`: the production reward model's agreement with the labelers, as its worker last measured it (null without a production model).
         */
        get: operations["api_v1_projects_quality_report_retrieve"];
        put?: never;
        /** Recompute the quality figures now, in a worker (manager) */
        post: operations["api_v1_projects_quality_report_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/refl-bundles/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's ReFL bundles, newest first, with their build status (researcher or manager) */
        get: operations["api_v1_projects_refl_bundles_list"];
        put?: never;
        /**
         * Queue the build of the ReFL bundle of a snapshot and a model version (researcher or manager)
         * @description The snapshot's refl_data.json, the model version's checkpoint and a README in one folder and zip (hard links where possible, so a large checkpoint is not copied), built by a worker: poll `url` until `status` is ready (or failed, with `error`), then download. The same snapshot and version give the same bytes; asking again while a build of the pair is queued or running answers that build. 400 when the snapshot has no refl_data or the version is not ready; 409 while the snapshot is not ready.
         */
        post: operations["api_v1_projects_refl_bundles_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/refl-bundles/{bundle_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A ReFL bundle's build: status, and its files once ready (researcher or manager) */
        get: operations["api_v1_projects_refl_bundles_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/refl-bundles/snapshot-v{snapshot_version}-model-v{model_number}/download/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a built ReFL bundle as one zip (researcher or manager)
         * @description With object storage (STORAGE_URL) the answer is a 302 to a presigned URL of the zip in the bucket.
         */
        get: operations["api_v1_projects_refl_bundles_snapshot_v_model_v_download_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/refl-pipelines/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pipeline folders a ReFL run may fine-tune (researcher or manager) */
        get: operations["api_v1_projects_refl_pipelines_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/refl-runs/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's ReFL runs, newest first (researcher or manager) */
        get: operations["api_v1_projects_refl_runs_list"];
        put?: never;
        /**
         * Start a ReFL run (researcher or manager)
         * @description Fine-tunes the pipeline folder with the bundle's prompts and reward model on the `gpu` queue (rewardmodel.refl). Checked whole before anything is queued: 400 naming each field and rule (a bundle not ready or of another project, a pipeline folder outside REFL_PIPELINE_ROOT or without model_index.json, an option unknown or out of bounds, t_min above t_max, no pre-training data while pretrain_weight is above 0). Poll `url` for the progress and the curves.
         */
        post: operations["api_v1_projects_refl_runs_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/review-queue/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The review queue: paused and flagged annotators' work, the model's disagreement groups, samples (reviewer or manager) */
        get: operations["api_v1_projects_review_queue_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/snapshots/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's dataset snapshots, newest first (researcher or manager) */
        get: operations["api_v1_projects_snapshots_list"];
        put?: never;
        /**
         * Create a dataset snapshot and queue its export (researcher or manager)
         * @description Freezes the annotations the filters select, numbers the snapshot (v1, v2, ...) and queues its export; poll the snapshot for `status` and `progress`, then download it. A filter that matches nothing, a split that does not add up or a held-out prompt the snapshot lacks is a 400 and creates nothing.
         */
        post: operations["api_v1_projects_snapshots_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{project_id}/webhooks/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's webhooks (manager) */
        get: operations["api_v1_projects_webhooks_list"];
        put?: never;
        /**
         * Add a webhook (manager); the answer holds its secret, shown this once
         * @description Deliveries follow Standard Webhooks: a POST of `{type, timestamp, data}` with the headers `webhook-id`, `webhook-timestamp` and `webhook-signature` (HMAC-SHA256 with the secret). A URL whose host resolves to a loopback, private, link-local or metadata address is a 400.
         */
        post: operations["api_v1_projects_webhooks_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refl-runs/{run_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One ReFL run with its live progress, curves and log (researcher or manager) */
        get: operations["api_v1_refl_runs_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refl-runs/{run_id}/download/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a succeeded ReFL run's result as one zip (researcher or manager)
         * @description The LoRA weights (or the whole pipeline folder), metrics.json, refl_config.json and the sample grids of every evaluation.
         */
        get: operations["api_v1_refl_runs_download_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/snapshots/{snapshot_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A snapshot: status, progress, counts, manifest (researcher or manager) */
        get: operations["api_v1_snapshots_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/snapshots/{snapshot_id}/download/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a ready snapshot as one zip (researcher or manager)
         * @description The same snapshot always gives the same bytes; the `ETag` is the archive's sha256 (also in the manifest). With object storage (STORAGE_URL) the answer is a 302 to a presigned URL of the zip in the bucket, valid STORAGE_URL_EXPIRY seconds. 409 while the snapshot is not ready; 503 when the bucket cannot be reached or refuses access.
         */
        get: operations["api_v1_snapshots_download_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/snapshots/{snapshot_id}/reexport/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Export a snapshot again (researcher or manager)
         * @description Rewrites the snapshot's files from its frozen annotations: the bytes come out the same. Also retries a failed export, or one stuck pending (its message lost) or running (its worker lost) past EXPORT_RESEND_SECONDS or EXPORT_STALE_SECONDS. 409 while it is being exported.
         */
        post: operations["api_v1_snapshots_reexport_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/training-runs/{run_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One run with its live progress, loss curve and log */
        get: operations["api_v1_training_runs_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-deliveries/{delivery_id}/redeliver/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery's event again, as a new delivery with the same webhook-id (manager) */
        post: operations["api_v1_webhook_deliveries_redeliver_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{webhook_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook (manager) */
        get: operations["api_v1_webhooks_retrieve"];
        put?: never;
        post?: never;
        /** Delete a webhook and its delivery log (manager) */
        delete: operations["api_v1_webhooks_destroy"];
        options?: never;
        head?: never;
        /** Change a webhook's URL, events or description, or pause it (`is_active: false`) (manager) */
        patch: operations["api_v1_webhooks_partial_update"];
        trace?: never;
    };
    "/api/v1/webhooks/{webhook_id}/deliveries/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhook's delivery log, newest first: status, response code, duration, attempts, last error (manager) */
        get: operations["api_v1_webhooks_deliveries_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{webhook_id}/rotate-secret/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new signing secret, shown in this answer only (manager) */
        post: operations["api_v1_webhooks_rotate_secret_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{webhook_id}/test/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a `webhook.test` event to this webhook (manager)
         * @description Queued like any delivery; follow it in the delivery log.
         */
        post: operations["api_v1_webhooks_test_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description * `auto` - Auto
         *     * `promote` - Promote
         *     * `rollback` - Rollback
         * @enum {string}
         */
        ActionEnum: "auto" | "promote" | "rollback";
        AnnotationReceipt: {
            readonly comparisons: number;
            /** Format: date-time */
            created_at: string;
            group: number;
            id: number;
            status: string;
        };
        /**
         * @description * `submitted` - Submitted
         *     * `accepted` - Accepted
         *     * `rejected` - Rejected
         * @enum {string}
         */
        AnnotationStatusEnum: "submitted" | "accepted" | "rejected";
        AnnotatorModelAgreement: {
            agreed: number;
            /** Format: double */
            agreement: number | null;
            compared: number;
            /** @description the annotator's user id */
            id: number;
        };
        AnnotatorModelFigures: {
            /**
             * Format: double
             * @description share of their non-tied comparisons the production model orders the same way
             */
            agreement: number | null;
            compared_pairs: number;
            /** Format: date-time */
            computed_at: string;
            version_number: number;
        };
        AnnotatorPage: {
            annotator: components["schemas"]["UserRef"];
            /** Format: date-time */
            computed_at: string | null;
            /** @description review decisions on their annotations, newest first */
            decisions: components["schemas"]["ReviewDecision"][];
            /** @description from the stored report; null before any */
            figures: components["schemas"]["AnnotatorQuality"] | null;
            /** @description the production model's agreement with them; null without a measured model */
            model: components["schemas"]["AnnotatorModelFigures"] | null;
            paused: boolean;
            pauses: components["schemas"]["Pause"][];
            qualification: components["schemas"]["QualificationStatus"];
            recent: components["schemas"]["ReviewedAnnotation"][];
            trend: components["schemas"]["TrendPoint"][];
        };
        AnnotatorPair: {
            compared_pairs: number;
            first: number;
            groups: number;
            /** Format: double */
            pairwise_agreement: number | null;
            second: number;
        };
        AnnotatorQuality: {
            accepted: number;
            annotations: number;
            compared_pairs: number;
            /**
             * Format: double
             * @description share of judged images they flagged
             */
            flag_rate: number | null;
            /** @description the outlier rules this annotator trips */
            flags: components["schemas"]["OutlierFlag"][];
            /** Format: double */
            gold_accuracy: number | null;
            gold_annotations: number;
            id: number;
            judged_images: number;
            judged_pairs: number;
            /** Format: double */
            majority_agreement: number | null;
            majority_votes: number;
            /** Format: double */
            median_time_spent_ms: number | null;
            /**
             * Format: double
             * @description share of their non-tied comparisons the production model orders the same way (null without a production model or before it measured their work)
             */
            model_agreement?: number | null;
            /**
             * @description their comparisons the model measured
             * @default 0
             */
            model_compared_pairs: number;
            /** Format: double */
            pairwise_agreement: number | null;
            rejected: number;
            /**
             * Format: double
             * @description over the last gold_window gold groups
             */
            rolling_gold_accuracy: number | null;
            rolling_gold_annotations: number;
            /** Format: double */
            share_rejected: number | null;
            /**
             * Format: double
             * @description share of annotations with the same rating on every image, in every dimension
             */
            straight_lining: number | null;
            submitted: number;
            /**
             * Format: double
             * @description share of judged image pairs they tied
             */
            tie_rate: number | null;
            username: string;
        };
        Archive: {
            bytes: number;
            name: string;
            sha256: string;
        };
        BadRow: {
            /** @description the field of the row, or the option */
            field: string;
            /** @description the manifest (or archive member) the problem is in; empty for an option */
            file: string;
            /** @description its line (jsonl) or record index (reference) */
            line: number | null;
            message: string;
            rule: string;
        };
        Counts: {
            annotations: number;
            annotators: number;
            /** @description pairs of images judged not tied, per annotation */
            comparisons: number;
            groups: number;
            images: number;
            /** @description train, valid, test */
            splits: {
                [key: string]: components["schemas"]["SplitCounts"];
            };
            ties: number;
        };
        CredentialsRequest: {
            password: string;
            username: string;
        };
        CsrfToken: {
            csrfToken: string;
        };
        DayCount: {
            annotations: number;
            /** Format: date */
            day: string;
        };
        /**
         * @description * `accept` - accept
         *     * `reject` - reject
         * @enum {string}
         */
        DecisionEnum: "accept" | "reject";
        FileEntry: {
            bytes: number;
            sha256: string;
        };
        FlagAgreement: {
            /** @description a flag of the project, or "any" */
            flag: string;
            flagged: number;
            /**
             * Format: double
             * @description Fleiss' kappa, flagged or not; null when undefined
             */
            kappa: number | null;
            units: number;
        };
        FlagsAgreement: {
            image: components["schemas"]["FlagAgreement"][];
            prompt: components["schemas"]["FlagAgreement"][];
        };
        /**
         * @description * `jsonl` - jsonl
         *     * `reference` - reference
         * @enum {string}
         */
        FormatEnum: "jsonl" | "reference";
        GoldAccuracy: {
            /**
             * Format: double
             * @description mean gold agreement on gold groups
             */
            accuracy: number | null;
            annotations: number;
        };
        GoldGroup: {
            readonly annotation_count: number;
            readonly external_id: string;
            /** @description the reference: slot per image */
            gold_ranking: number[];
            readonly id: number;
            /** @description images in the group */
            images: number;
            readonly is_qualification: boolean;
            prompt: string;
        };
        GroupCounts: {
            complete: number;
            gold: number;
            /** @description started (annotated or held), not complete */
            in_progress: number;
            /** @description nobody started them */
            open: number;
            /** @description groups to annotate (gold groups apart) */
            total: number;
        };
        GroupDisagreement: {
            compared: number;
            contradicted: number;
            /**
             * Format: double
             * @description confidence-weighted share of the labelers' comparisons the model orders the other way
             */
            disagreement: number;
            /** @description 1: the group where the model disagrees most */
            rank: number;
        };
        GroupImageScore: {
            image_id: number;
            /** @description the image's position in its group */
            position: number;
            /**
             * Format: double
             * @description normalised score, higher is better
             */
            score: number;
        };
        GroupModelScores: {
            /** @description the group's place among those where the model disagrees most; null if not */
            disagreement: components["schemas"]["GroupDisagreement"] | null;
            /** Format: date-time */
            scored_at: string | null;
            /** @description group order; empty when production has not scored it */
            scores: components["schemas"]["GroupImageScore"][];
            /** Format: double */
            uncertainty: number | null;
            /** @description the production version; null without one */
            version: components["schemas"]["VersionRef"] | null;
        };
        GroupRef: {
            id: number;
            is_gold: boolean;
            prompt: components["schemas"]["PromptRef"];
        };
        ImageJudgment: {
            flags?: unknown;
            image_id: number;
            /** @description the image's position in its group */
            position: number | null;
            ratings?: unknown;
            /** Format: int64 */
            slot: number;
            readonly url: string;
        };
        ImageJudgmentRequest: {
            flags?: string[];
            /** Format: int64 */
            image_id: number;
            /** @description An integer on each of the project's rating dimensions. */
            ratings: {
                [key: string]: number;
            };
            /** @description 1 = best, up to the project's ranking_slots; ties share a slot. */
            slot: number;
        };
        ImageUrl: {
            id: number;
            url: string;
        };
        /** @description Serialises `selectors.image_urls_for_holder`. */
        ImageUrls: {
            group: number;
            /** @description in position order, as in the task */
            images: components["schemas"]["ImageUrl"][];
            /** Format: date-time */
            lease_expires_at: string;
            /**
             * Format: date-time
             * @description null: the URLs do not expire
             */
            urls_expire_at: string | null;
        };
        ImportBatch: {
            /** @description groups, images, images_reused, prompts, gold_groups, qualification_groups, annotations, comparisons */
            counts: {
                [key: string]: number;
            };
            /** Format: date-time */
            readonly created_at: string;
            /** @description Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only. */
            readonly created_by: string | null;
            readonly format: string;
            readonly id: number;
            readonly project: number;
            /** @description where the batch came from: upload:<name>, or the manifest's path inside its import root */
            readonly source: string;
        };
        ImportFromFolderRequest: {
            /** @description a folder on the server: absolute, or relative to the first IMPORT_ROOTS entry; or a bucket prefix, s3://bucket/prefix, under IMPORT_BUCKET_ROOTS (default: the imports/ prefix of the storage bucket) */
            folder: string;
            /** @default jsonl */
            format: components["schemas"]["FormatEnum"];
            /**
             * @description make every group a gold group, its ranking the answer
             * @default false
             */
            gold: boolean;
            /** @description manifest file inside the folder (default manifest.jsonl for jsonl, train.json for reference) */
            manifest?: string;
            /**
             * @description make every group a gold group and put it in the project's qualification set (implies gold)
             * @default false
             */
            qualification: boolean;
            /** @description record each ranking as an annotation of this user (username) */
            rankings_as?: string;
        };
        /** @description An import run by a worker, as the history shows it (its bad rows: the job's own URL). */
        ImportJob: {
            readonly batch: number | null;
            /** @description the batch's counts once done (see ImportBatch) */
            readonly counts: {
                [key: string]: number;
            } | null;
            /** Format: date-time */
            readonly created_at: string;
            /** @description Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only. */
            readonly created_by: string | null;
            readonly done: number;
            readonly error: string;
            /** Format: date-time */
            readonly finished_at: string | null;
            readonly format: string;
            readonly id: number;
            readonly problem_count: number;
            readonly project: number;
            readonly source: string;
            readonly stage: string;
            /** Format: date-time */
            readonly started_at: string | null;
            readonly status: components["schemas"]["ImportStatusEnum"];
            readonly total: number;
        };
        /** @description An import run by a worker, as the history shows it (its bad rows: the job's own URL). */
        ImportJobDetail: {
            readonly batch: number | null;
            /** @description the batch's counts once done (see ImportBatch) */
            readonly counts: {
                [key: string]: number;
            } | null;
            /** Format: date-time */
            readonly created_at: string;
            /** @description Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only. */
            readonly created_by: string | null;
            readonly done: number;
            readonly error: string;
            /** Format: date-time */
            readonly finished_at: string | null;
            readonly format: string;
            readonly id: number;
            readonly problem_count: number;
            /** @description every bad row (the first 10,000) */
            readonly problems: components["schemas"]["BadRow"][];
            readonly project: number;
            readonly source: string;
            readonly stage: string;
            /** Format: date-time */
            readonly started_at: string | null;
            readonly status: components["schemas"]["ImportStatusEnum"];
            readonly total: number;
        };
        /**
         * @description * `queued` - Queued
         *     * `running` - Running
         *     * `done` - Done
         *     * `refused` - Refused
         *     * `failed` - Failed
         * @enum {string}
         */
        ImportStatusEnum: "queued" | "running" | "done" | "refused" | "failed";
        ImportUploadRequest: {
            /**
             * Format: binary
             * @description a .zip of the folder: the manifest at its top or in its one top folder
             */
            archive: string;
            /** @default jsonl */
            format: components["schemas"]["FormatEnum"];
            /**
             * @description make every group a gold group, its ranking the answer
             * @default false
             */
            gold: boolean;
            /** @description manifest file inside the folder (default manifest.jsonl for jsonl, train.json for reference) */
            manifest?: string;
            /**
             * @description make every group a gold group and put it in the project's qualification set (implies gold)
             * @default false
             */
            qualification: boolean;
            /** @description record each ranking as an annotation of this user (username) */
            rankings_as?: string;
        };
        LearningCurvePoint: {
            comparisons: number;
            held_out_pairs: number;
            is_production: boolean;
            number: number;
            /** Format: double */
            preference_accuracy: number | null;
            /** Format: date-time */
            ready_at: string | null;
            train_pairs: number;
            version: number;
        };
        LogoutRequest: {
            /**
             * @description Also delete the caller's API token: scripts holding it are signed out too.
             * @default false
             */
            revoke_token: boolean;
        };
        Manifest: {
            archive: components["schemas"]["Archive"];
            /** @description path -> sha256 and size, every file but the images */
            files: {
                [key: string]: components["schemas"]["FileEntry"];
            };
            /** @description count and bytes of the copied images */
            images: {
                [key: string]: number;
            };
        };
        Member: {
            role: components["schemas"]["RoleEnum"];
            username: string;
        };
        MemberRequest: {
            role: components["schemas"]["RoleEnum"];
            username: string;
        };
        ModelAgreement: {
            /**
             * Format: double
             * @description share of the labelers' non-tied comparisons the model orders the same way
             */
            agreement: number | null;
            annotators: components["schemas"]["AnnotatorModelAgreement"][];
            compared_pairs: number;
            /**
             * Format: date-time
             * @description the data read is what existed then
             */
            computed_at: string;
            /** @description groups where it contradicts at least one comparison */
            contradicted_groups: number;
            /** @description the groups where it disagrees most, with work to review: they are in the review queue (model) */
            disagreement_groups: number;
            /** @description annotated non-gold groups the model scored */
            groups: number;
            /**
             * Format: double
             * @description how long the measurement took
             */
            seconds: number;
            /** @description the production model version measured */
            version_number: number;
        };
        ModelOverview: {
            active_run: components["schemas"]["TrainingRun"] | null;
            /** @description whether the caller may retrain, promote and roll back */
            can_manage: boolean;
            last_run: components["schemas"]["TrainingRunList"] | null;
            metric_definitions: {
                [key: string]: string;
            };
            /** @description non-tied comparisons since the last run read its data */
            new_comparisons: number;
            production: components["schemas"]["ModelVersion"] | null;
            settings: components["schemas"]["ModelSettings"];
            /** @description number of model versions */
            versions: number;
        };
        ModelSettings: {
            auto_retrain?: boolean;
            /** Format: double */
            held_out_fraction: number;
            readonly held_out_salt: string;
            order_queue_by_uncertainty?: boolean;
            preset: components["schemas"]["PresetEnum"];
            promotion_rule?: components["schemas"]["PromotionRuleEnum"];
            /** Format: double */
            promotion_tolerance: number;
            retrain_threshold: number;
            /** @description Overrides of the trainer's settings (rewardmodel.core's TrainConfig: epochs, lr, groups_per_batch, ...); the preset, starting weights and device are the loop's. */
            training_options?: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            readonly updated_at: string;
            warm_start?: boolean;
        };
        ModelVersion: {
            /** @description {production: {id, number, preference_accuracy, ...} or null, promoted, verdict} */
            readonly comparison: {
                [key: string]: unknown;
            };
            /** @description annotations, groups, prompts, comparisons, train_pairs, valid_pairs, held_out_pairs, ... */
            readonly counts: {
                [key: string]: number;
            };
            /** Format: date-time */
            readonly created_at: string;
            readonly id: number;
            readonly is_production: boolean;
            readonly metrics: components["schemas"]["VersionMetrics"];
            readonly number: number;
            readonly parent: components["schemas"]["VersionRef"] | null;
            readonly preset: string;
            /** Format: date-time */
            readonly promoted_at: string | null;
            /** Format: date-time */
            readonly ready_at: string | null;
            readonly run: number | null;
            readonly status: components["schemas"]["ModelVersionStatusEnum"];
        };
        ModelVersionDetail: {
            readonly annotation_ids: number[];
            /** @description {production: {id, number, preference_accuracy, ...} or null, promoted, verdict} */
            readonly comparison: {
                [key: string]: unknown;
            };
            /** @description annotations, groups, prompts, comparisons, train_pairs, valid_pairs, held_out_pairs, ... */
            readonly counts: {
                [key: string]: number;
            };
            /** Format: date-time */
            readonly created_at: string;
            readonly id: number;
            readonly is_production: boolean;
            readonly metrics: components["schemas"]["VersionMetrics"];
            readonly number: number;
            readonly parent: components["schemas"]["VersionRef"] | null;
            readonly preset: string;
            /** Format: date-time */
            readonly promoted_at: string | null;
            /** Format: date-time */
            readonly ready_at: string | null;
            readonly run: number | null;
            readonly split: {
                [key: string]: unknown;
            };
            readonly status: components["schemas"]["ModelVersionStatusEnum"];
        };
        /**
         * @description * `training` - Training
         *     * `evaluating` - Evaluating
         *     * `ready` - Ready
         *     * `failed` - Failed
         * @enum {string}
         */
        ModelVersionStatusEnum: "training" | "evaluating" | "ready" | "failed";
        MyQualification: {
            /** @description groups answered in the attempt in progress */
            answered: number;
            /** @description the attempt in progress, if any */
            attempt: number | null;
            attempts: components["schemas"]["QualificationAttempt"][];
            /** @description failed attempts allowed before a manager must reset */
            failures_left: number;
            /** @description the latest finished attempt */
            latest: components["schemas"]["QualificationAttempt"] | null;
            /** @description who can let them try again */
            managers: string[];
            /** @description what the state and the latest result mean, in words */
            message: string;
            /**
             * Format: double
             * @description the mean gold agreement an attempt needs
             */
            pass_mark: number;
            /** @description qualification groups per attempt */
            size: number;
            state: components["schemas"]["QualificationStateEnum"];
        };
        NextTaskRequestRequest: {
            /** @description Group ids not to return (e.g. the one on screen while prefetching the next); at most NEXT_TASK_MAX_EXCLUDE of them. */
            exclude?: number[];
        };
        NoteRequest: {
            /** @default  */
            note: string;
        };
        OutlierFlag: {
            message: string;
            /** @description a project bar: the stats task pauses the annotator */
            pauses: boolean;
            /**
             * Format: double
             * @description the project's figure or bar it was compared with
             */
            reference: number;
            rule: components["schemas"]["RuleEnum"];
            /** Format: double */
            value: number;
        };
        Overlap: {
            /** @description non-rejected annotations on those groups */
            annotations: number;
            /** @description groups with at least two non-rejected annotations */
            groups: number;
        };
        PaginatedGoldGroupList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["GoldGroup"][];
        };
        PaginatedImportBatchList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["ImportBatch"][];
        };
        PaginatedModelVersionList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["ModelVersion"][];
        };
        PaginatedPromotionList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["Promotion"][];
        };
        PaginatedQueuedAnnotationList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["QueuedAnnotation"][];
        };
        PaginatedReflRunListList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["ReflRunList"][];
        };
        PaginatedReviewedAnnotationList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["ReviewedAnnotation"][];
        };
        PaginatedSnapshotList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["Snapshot"][];
        };
        PaginatedTrainingRunListList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["TrainingRunList"][];
        };
        PaginatedWebhookDeliveryList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["WebhookDelivery"][];
        };
        PaginatedWebhookList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous?: string | null;
            results: components["schemas"]["Webhook"][];
        };
        PatchedModelSettingsRequest: {
            auto_retrain?: boolean;
            /** Format: double */
            held_out_fraction?: number;
            order_queue_by_uncertainty?: boolean;
            preset?: components["schemas"]["PresetEnum"];
            promotion_rule?: components["schemas"]["PromotionRuleEnum"];
            /** Format: double */
            promotion_tolerance?: number;
            retrain_threshold?: number;
            /** @description Overrides of the trainer's settings (rewardmodel.core's TrainConfig: epochs, lr, groups_per_batch, ...); the preset, starting weights and device are the loop's. */
            training_options?: {
                [key: string]: unknown;
            };
            warm_start?: boolean;
        };
        /** @description Input of create (name and slug required) and PATCH (every field optional). */
        PatchedProjectSettingsRequest: {
            /**
             * Format: double
             * @description auto-pause below it; null: off
             */
            agreement_bar?: number | null;
            /** @description Applies to groups imported afterwards. */
            annotations_per_group?: number;
            /**
             * Format: double
             * @description auto-pause below it; null: off
             */
            gold_accuracy_bar?: number | null;
            /** Format: double */
            gold_rate?: number;
            /** @description rolling gold accuracy: the last K gold groups */
            gold_window?: number;
            image_flags?: string[];
            instructions?: string;
            lease_seconds?: number;
            max_images_per_slot?: number;
            name?: string;
            prompt_categories?: string[];
            prompt_flags?: string[];
            /**
             * Format: double
             * @description mean gold agreement needed to pass
             */
            qualification_pass_mark?: number;
            /** @description qualification groups per attempt */
            qualification_size?: number;
            ranking_slots?: number;
            rating_dimensions?: components["schemas"]["RatingDimensionRequest"][];
            require_consistent_ranking?: boolean;
            require_qualification?: boolean;
            review_reasons?: string[];
            /** Format: double */
            review_sample_rate?: number;
            slug?: string;
        };
        PatchedWebhookWriteRequest: {
            description?: string;
            /** @description the events this webhook receives */
            events?: components["schemas"]["WebhookEventEnum"][];
            /** @description false pauses the webhook */
            is_active?: boolean;
            /** @description http(s) URL on a public address (WEBHOOK_ALLOW_PRIVATE_TARGETS allows others) */
            url?: string;
        };
        Pause: {
            readonly id: number;
            /** Format: date-time */
            paused_at?: string;
            /** @description null: paused by a rule of the stats task */
            paused_by: components["schemas"]["UserRef"] | null;
            reason: string;
            resume_note?: string;
            /** Format: date-time */
            resumed_at?: string | null;
            resumed_by: components["schemas"]["UserRef"] | null;
            rule: string;
        };
        PauseInputRequest: {
            reason: string;
        };
        /** @description A row of the people table (serialises `selectors.project_people`). */
        Person: {
            /** @description annotations of theirs in the project */
            annotations: number;
            /** Format: date-time */
            joined_at: string;
            /**
             * Format: date-time
             * @description their latest annotation, lease, skip or review in the project
             */
            last_activity: string | null;
            /** @description groups they hold now */
            leases: number;
            roles: components["schemas"]["RoleEnum"][];
            username: string;
        };
        PrescoreResult: {
            queued: boolean;
            version: components["schemas"]["VersionRef"];
        };
        /**
         * @description * `base` - base
         *     * `imagereward-large` - imagereward-large
         *     * `tiny` - tiny
         * @enum {string}
         */
        PresetEnum: "base" | "imagereward-large" | "tiny";
        Progress: {
            /** @description The caller's annotations in this project since midnight. */
            done_today: number;
            /** @description The caller's annotations in this project. */
            done_total: number;
            /** @description Groups of the project still open to the caller: not complete, not annotated or skipped by them. */
            queue_left: number;
        };
        Project: {
            /** Format: double */
            agreement_bar?: number | null;
            /** Format: int64 */
            annotations_per_group?: number;
            /** Format: double */
            gold_accuracy_bar?: number | null;
            /** Format: double */
            gold_rate?: number;
            /** Format: int64 */
            gold_window?: number;
            readonly id: number;
            image_flags: string[];
            instructions?: string;
            /** Format: int64 */
            lease_seconds?: number;
            /** Format: int64 */
            max_images_per_slot?: number;
            name: string;
            prompt_categories: string[];
            prompt_flags: string[];
            /** Format: double */
            qualification_pass_mark?: number;
            /** Format: int64 */
            qualification_size?: number;
            /** Format: int64 */
            ranking_slots?: number;
            rating_dimensions: components["schemas"]["RatingDimension"][];
            require_consistent_ranking?: boolean;
            require_qualification?: boolean;
            review_reasons: string[];
            /** Format: double */
            review_sample_rate?: number;
            readonly roles: components["schemas"]["RoleEnum"][];
            slug: string;
        };
        ProjectHabits: {
            /** Format: double */
            flag_rate: number | null;
            /** Format: double */
            majority_agreement: number | null;
            /** Format: double */
            median_time_spent_ms: number | null;
            /** Format: double */
            tie_rate: number | null;
        };
        ProjectListItem: {
            readonly id: number;
            name: string;
            progress: components["schemas"]["Progress"];
            roles: components["schemas"]["RoleEnum"][];
            slug: string;
        };
        /** @description Serialises `selectors.project_progress`. */
        ProjectProgress: {
            /** @description held or submitted a group in the last 15 minutes */
            active_annotators: string[];
            /** @description the last 30 days, oldest first */
            annotations_per_day: components["schemas"]["DayCount"][];
            /** @description annotations the non-gold groups still need */
            annotations_remaining: number;
            /**
             * Format: date-time
             * @description when the groups are complete if the rate goes on; null at rate 0
             */
            estimated_finish: string | null;
            groups: components["schemas"]["GroupCounts"];
            /**
             * Format: double
             * @description annotations per day over the last 7 days
             */
            rate_per_day: number;
        };
        ProjectQuality: {
            annotations: components["schemas"]["StatusCounts"];
            annotators: components["schemas"]["AnnotatorQuality"][];
            flags: components["schemas"]["FlagsAgreement"];
            gold: components["schemas"]["GoldAccuracy"];
            overlap: components["schemas"]["Overlap"];
            pairs: components["schemas"]["AnnotatorPair"][];
            project: number;
            project_habits: components["schemas"]["ProjectHabits"];
            ranking: components["schemas"]["RankingAgreement"];
            ratings: components["schemas"]["RatingAgreement"][];
            windows: components["schemas"]["Windows"];
        };
        /** @description Input of create (name and slug required) and PATCH (every field optional). */
        ProjectSettingsRequest: {
            /**
             * Format: double
             * @description auto-pause below it; null: off
             */
            agreement_bar?: number | null;
            /** @description Applies to groups imported afterwards. */
            annotations_per_group?: number;
            /**
             * Format: double
             * @description auto-pause below it; null: off
             */
            gold_accuracy_bar?: number | null;
            /** Format: double */
            gold_rate?: number;
            /** @description rolling gold accuracy: the last K gold groups */
            gold_window?: number;
            image_flags?: string[];
            instructions?: string;
            lease_seconds?: number;
            max_images_per_slot?: number;
            name: string;
            prompt_categories?: string[];
            prompt_flags?: string[];
            /**
             * Format: double
             * @description mean gold agreement needed to pass
             */
            qualification_pass_mark?: number;
            /** @description qualification groups per attempt */
            qualification_size?: number;
            ranking_slots?: number;
            rating_dimensions?: components["schemas"]["RatingDimensionRequest"][];
            require_consistent_ranking?: boolean;
            require_qualification?: boolean;
            review_reasons?: string[];
            /** Format: double */
            review_sample_rate?: number;
            slug: string;
        };
        Promotion: {
            readonly action: components["schemas"]["ActionEnum"];
            readonly by: string | null;
            /** Format: date-time */
            readonly created_at: string;
            readonly id: number;
            readonly note: string;
            readonly previous: components["schemas"]["VersionRef"] | null;
            readonly version: components["schemas"]["VersionRef"];
        };
        /**
         * @description * `not_below_production` - Not Below Production
         *     * `always` - Always
         *     * `manual` - Manual
         * @enum {string}
         */
        PromotionRuleEnum: "not_below_production" | "always" | "manual";
        PromptRef: {
            id: number;
            text: string;
        };
        QualificationAttempt: {
            /** Format: date-time */
            finished_at?: string | null;
            /** Format: int64 */
            number: number;
            passed?: boolean | null;
            /** Format: date-time */
            reset_at?: string | null;
            reset_by: components["schemas"]["UserRef"] | null;
            reset_note?: string;
            /** Format: double */
            score?: number | null;
            /** Format: date-time */
            started_at?: string;
        };
        QualificationGroups: {
            /** @description the groups now in the set */
            groups: number[];
        };
        QualificationGroupsInputRequest: {
            /** @description gold group ids */
            groups: number[];
        };
        /**
         * @description * `not_required` - not_required
         *     * `not_started` - not_started
         *     * `in_progress` - in_progress
         *     * `passed` - passed
         *     * `failed` - failed
         * @enum {string}
         */
        QualificationStateEnum: "not_required" | "not_started" | "in_progress" | "passed" | "failed";
        QualificationStatus: {
            attempts: components["schemas"]["QualificationAttempt"][];
            state: components["schemas"]["QualificationStateEnum"];
        };
        QualityReport: {
            /** Format: date-time */
            computed_at: string;
            figures: components["schemas"]["ProjectQuality"];
            /** @description the production reward model as a second reviewer; null without one */
            model: components["schemas"]["ModelAgreement"] | null;
            /**
             * Format: double
             * @description how long the computation took
             */
            seconds: number;
        };
        QueuedAnnotation: {
            annotator: components["schemas"]["UserRef"];
            /** Format: date-time */
            readonly created_at: string;
            /** @description every review decision on it, oldest first */
            decisions: components["schemas"]["ReviewDecision"][];
            /** Format: double */
            gold_agreement?: number | null;
            group: components["schemas"]["GroupRef"];
            readonly id: number;
            images: components["schemas"]["ImageJudgment"][];
            prompt_category?: string;
            prompt_flags?: unknown;
            /**
             * @description why it is in the queue: its annotator is paused or flagged, the production model disagrees most with the labelers of its group (model), or it is in the sampled share
             *
             *     * `paused` - paused
             *     * `flagged` - flagged
             *     * `model` - model
             *     * `sampled` - sampled
             */
            queue_reason: components["schemas"]["QueueReasonEnum"];
            review_note?: string;
            review_reason?: string;
            /** Format: date-time */
            reviewed_at?: string | null;
            reviewed_by: components["schemas"]["UserRef"] | null;
            source?: string;
            status?: components["schemas"]["AnnotationStatusEnum"];
            /** Format: int64 */
            time_spent_ms?: number;
        };
        /**
         * @description * `paused` - paused
         *     * `flagged` - flagged
         *     * `model` - model
         *     * `sampled` - sampled
         * @enum {string}
         */
        QueueReasonEnum: "paused" | "flagged" | "model" | "sampled";
        RankingAgreement: {
            annotation_pairs: number;
            compared_pairs: number;
            /**
             * Format: double
             * @description mean over pairs of annotations of a group
             */
            kendall_tau_b: number | null;
            /**
             * Format: double
             * @description share of non-tied votes that agree with the other annotators' majority
             */
            majority_agreement: number | null;
            majority_votes: number;
            /**
             * Format: double
             * @description share of image pairs that two annotators both ranked, ranked the same way
             */
            pairwise_agreement: number | null;
        };
        RatingAgreement: {
            /**
             * Format: double
             * @description Krippendorff's alpha, ordinal; null when undefined
             */
            alpha: number | null;
            dimension: string;
            label: string;
            /** @description images rated by at least two annotators */
            units: number;
        };
        RatingDimension: {
            anchors?: {
                [key: string]: string;
            };
            key: string;
            label: string;
            max: number;
            min: number;
        };
        RatingDimensionRequest: {
            anchors?: {
                [key: string]: string;
            };
            key: string;
            label: string;
            max: number;
            min: number;
        };
        ReflBundle: {
            archive: components["schemas"]["ReflBundleArchive"] | null;
            download_url: string | null;
            /** @description why the build failed, in one line */
            error: string;
            files: {
                [key: string]: components["schemas"]["ReflBundleFile"];
            } | null;
            id: number;
            model_version: number;
            name: string | null;
            prompts: number | null;
            snapshot: number;
            /**
             * @description pending, building, ready or failed
             *
             *     * `pending` - Pending
             *     * `building` - Building
             *     * `ready` - Ready
             *     * `failed` - Failed
             */
            status: components["schemas"]["ReflBundleStatusEnum"];
            /** @description poll it until the status is ready or failed */
            url: string;
        };
        ReflBundleArchive: {
            bytes: number;
            name: string;
            sha256: string;
        };
        ReflBundleFile: {
            bytes: number;
            sha256: string;
        };
        ReflBundleInputRequest: {
            /** @description id of a ready model version of the same project */
            model_version: number;
            /** @description id of a ready dataset snapshot exported with the refl_data format */
            snapshot: number;
        };
        /**
         * @description * `pending` - Pending
         *     * `building` - Building
         *     * `ready` - Ready
         *     * `failed` - Failed
         * @enum {string}
         */
        ReflBundleStatusEnum: "pending" | "building" | "ready" | "failed";
        ReflPipelines: {
            /** @description pipeline folders under the server's REFL_PIPELINE_ROOT */
            pipelines: string[];
        };
        ReflResultArchive: {
            bytes: number;
            name: string;
            sha256: string;
        };
        ReflRun: {
            readonly attempt: number;
            readonly bundle: number;
            readonly bundle_name: string;
            /** @description the trainer's config as resolved at the start */
            readonly config: {
                [key: string]: unknown;
            };
            readonly device: string;
            readonly download_url: string | null;
            /** @description what failed, in one line; the traceback stays in the server's records */
            readonly error: string;
            /** @description [[step, held-out mean reward]], step 0 before training */
            readonly eval_reward_history: number[][];
            /** Format: date-time */
            readonly finished_at: string | null;
            /** Format: date-time */
            readonly heartbeat_at: string | null;
            readonly id: number;
            readonly log_lines: string[];
            readonly options: unknown;
            readonly phase: string;
            readonly pipeline: string;
            /** @description [[step, pre-training (denoising) loss, unweighted]] */
            readonly pretrain_loss_history: number[][];
            /** Format: double */
            readonly progress: number;
            /** Format: date-time */
            readonly queued_at: string;
            readonly requested_by: string | null;
            readonly result: components["schemas"]["ReflRunResult"] | null;
            /** @description [[step, reward loss]] */
            readonly reward_loss_history: number[][];
            /** Format: date-time */
            readonly started_at: string | null;
            readonly state: components["schemas"]["TrainingRunStateEnum"];
            readonly step: number;
            /** @description seconds */
            readonly timings: {
                [key: string]: number;
            };
            readonly total_steps: number;
            /** @description [[step, mean reward of the training batch]] */
            readonly train_reward_history: number[][];
            readonly url: string;
        };
        ReflRunInputRequest: {
            /** @description id of a ready ReFL bundle of the project */
            bundle: number;
            /** @description overrides of the trainer's ReflConfig (steps, t_min, t_max, lora_rank, pretrain_weight, ...), each within the bounds of docs/API.md */
            options?: unknown;
            /** @description a diffusers pipeline folder, relative to the server's REFL_PIPELINE_ROOT */
            pipeline: string;
        };
        ReflRunList: {
            readonly attempt: number;
            readonly bundle: number;
            readonly bundle_name: string;
            readonly device: string;
            readonly download_url: string | null;
            /** @description what failed, in one line; the traceback stays in the server's records */
            readonly error: string;
            /** @description [[step, held-out mean reward]], step 0 before training */
            readonly eval_reward_history: number[][];
            /** Format: date-time */
            readonly finished_at: string | null;
            /** Format: date-time */
            readonly heartbeat_at: string | null;
            readonly id: number;
            readonly options: unknown;
            readonly phase: string;
            readonly pipeline: string;
            /** Format: double */
            readonly progress: number;
            /** Format: date-time */
            readonly queued_at: string;
            readonly requested_by: string | null;
            readonly result: components["schemas"]["ReflRunResult"] | null;
            /** Format: date-time */
            readonly started_at: string | null;
            readonly state: components["schemas"]["TrainingRunStateEnum"];
            readonly step: number;
            /** @description seconds */
            readonly timings: {
                [key: string]: number;
            };
            readonly total_steps: number;
            readonly url: string;
        };
        ReflRunResult: {
            archive: components["schemas"]["ReflResultArchive"];
            /** @description the result's files, relative paths */
            files: string[];
            /** Format: double */
            final_mean_reward: number | null;
            /** Format: double */
            initial_mean_reward: number | null;
            /** @description lora (pytorch_lora_weights.safetensors) or full (a pipeline folder) */
            mode: string;
        };
        RemovedMember: {
            /** @description groups they held, given back to the queue */
            leases_returned: number;
            username: string;
        };
        ResumeInputRequest: {
            note: string;
        };
        ReviewDecision: {
            readonly annotation_id: number;
            /** Format: date-time */
            readonly created_at: string;
            /** @description the status it gave: accepted or rejected */
            decision: string;
            readonly id: number;
            note?: string;
            reason?: string;
            reviewer: components["schemas"]["UserRef"];
        };
        ReviewedAnnotation: {
            annotator: components["schemas"]["UserRef"];
            /** Format: date-time */
            readonly created_at: string;
            /** @description every review decision on it, oldest first */
            decisions: components["schemas"]["ReviewDecision"][];
            /** Format: double */
            gold_agreement?: number | null;
            group: components["schemas"]["GroupRef"];
            readonly id: number;
            images: components["schemas"]["ImageJudgment"][];
            prompt_category?: string;
            prompt_flags?: unknown;
            review_note?: string;
            review_reason?: string;
            /** Format: date-time */
            reviewed_at?: string | null;
            reviewed_by: components["schemas"]["UserRef"] | null;
            source?: string;
            status?: components["schemas"]["AnnotationStatusEnum"];
            /** Format: int64 */
            time_spent_ms?: number;
        };
        ReviewInputRequest: {
            decision: components["schemas"]["DecisionEnum"];
            /** @default  */
            note: string;
            /**
             * @description one of the project's review_reasons
             * @default
             */
            reason: string;
        };
        /**
         * @description * `annotator` - Annotator
         *     * `reviewer` - Reviewer
         *     * `researcher` - Researcher
         *     * `manager` - Manager
         * @enum {string}
         */
        RoleEnum: "annotator" | "reviewer" | "researcher" | "manager";
        RolesRequest: {
            /** @description the member's roles from now on (DELETE removes the member) */
            roles: components["schemas"]["RoleEnum"][];
        };
        /**
         * @description * `median_time` - median_time
         *     * `tie_rate` - tie_rate
         *     * `flag_rate` - flag_rate
         *     * `straight_lining` - straight_lining
         *     * `agreement` - agreement
         *     * `gold_accuracy` - gold_accuracy
         * @enum {string}
         */
        RuleEnum: "median_time" | "tie_rate" | "flag_rate" | "straight_lining" | "agreement" | "gold_accuracy";
        Score: {
            image_id: number | null;
            name: string | null;
            /** Format: double */
            score: number;
        };
        ScoreInputRequest: {
            /** @description images already in the project (JSON or form) */
            image_ids?: number[];
            /** @description uploaded image files (multipart) */
            images?: string[];
            prompt: string;
            /** @description a ready version's id; production when left out */
            version?: number;
        };
        ScoreResult: {
            prompt: string;
            scores: components["schemas"]["Score"][];
            version: components["schemas"]["VersionRef"];
        };
        SkipRequest: {
            /** @description Why the group is skipped (shown to reviewers); SKIP_REASON_MAX_LENGTH at most. */
            reason: string;
        };
        Snapshot: {
            /** @description annotations frozen in the snapshot */
            readonly annotation_count: number;
            readonly counts: components["schemas"]["Counts"] | null;
            /** Format: date-time */
            readonly created_at: string;
            /** @description Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only. */
            readonly created_by: string | null;
            readonly download_url: string | null;
            /** @description why the export failed, in one line; the full text stays in the server's records */
            readonly error: string;
            readonly filters: unknown;
            /** Format: date-time */
            readonly finished_at: string | null;
            readonly formats: string[];
            readonly id: number;
            readonly manifest: components["schemas"]["Manifest"] | null;
            readonly options: unknown;
            /** Format: double */
            readonly progress: number;
            readonly project: number;
            readonly split: unknown;
            readonly status: components["schemas"]["SnapshotStatusEnum"];
            readonly version: number;
        };
        SnapshotCreateRequest: {
            /** @description {"statuses": ["submitted", "accepted"], "date_from": "2026-01-01", "date_to": "2026-02-01", "annotators": [ids or usernames], "include_gold": false}; all optional. */
            filters?: unknown;
            /** @description Any of reference, per_image_parquet, pairwise_parquet, pairwise_jsonl, refl_data, trl_preference (default: all). */
            formats?: string[];
            /** @description {"images": "none"|"copy"|"link"|"embed", "aggregation": "mean_slot"|"per_annotation", "refl_categories": [...], "refl_exclude_prompt_flags": [...]} */
            options?: unknown;
            /** @description {"method": "fractions", "seed": 0, "fractions": {"train": 0.8, "valid": 0.1, "test": 0.1}} (the default) or {"method": "held_out", "test": [prompt ids or texts], "valid": [...]}. By prompt. */
            split?: unknown;
        };
        /**
         * @description * `pending` - Pending
         *     * `running` - Running
         *     * `ready` - Ready
         *     * `failed` - Failed
         * @enum {string}
         */
        SnapshotStatusEnum: "pending" | "running" | "ready" | "failed";
        SplitCounts: {
            annotations: number;
            /** @description pairs of images judged not tied, per annotation */
            comparisons: number;
            groups: number;
            images: number;
            ties: number;
        };
        StatusCounts: {
            accepted: number;
            rejected: number;
            submitted: number;
            total: number;
        };
        SubmissionRequest: {
            /**
             * Format: uuid
             * @description Chosen by the client; a retry with the same key returns the first answer.
             */
            client_key: string;
            images: components["schemas"]["ImageJudgmentRequest"][];
            /** @default  */
            prompt_category: string;
            prompt_flags?: string[];
            /** @default 0 */
            time_spent_ms: number;
        };
        Task: {
            group: components["schemas"]["TaskGroup"];
            lease: components["schemas"]["TaskLease"];
            /** @description while the annotator qualifies: the group's place in their attempt (their answers count once they pass); null otherwise */
            qualification: components["schemas"]["TaskQualification"] | null;
        };
        TaskGroup: {
            id: number;
            images: components["schemas"]["TaskImage"][];
            prompt: components["schemas"]["TaskPrompt"];
            /**
             * Format: date-time
             * @description When the images' URLs stop working (presigned bucket URLs: STORAGE_URL_EXPIRY past the lease's end); ask `groups/{id}/image-urls/` for fresh ones before then. Null: they do not expire.
             */
            urls_expire_at: string | null;
        };
        TaskImage: {
            height: number;
            id: number;
            position: number;
            /** @description Local storage: served by this server to members of the project. A bucket: a presigned URL of the private object, valid until the group's `urls_expire_at`. */
            url: string;
            width: number;
        };
        TaskLease: {
            /** Format: date-time */
            expires_at: string;
            readonly id: number;
        };
        TaskPrompt: {
            id: number;
            text: string;
        };
        TaskQualification: {
            /** @description the qualification attempt this group counts in (1, 2, ...) */
            attempt: number;
            /** @description the group's place in that attempt, 1 to size */
            position: number;
            /** @description groups per attempt (the project's qualification_size) */
            size: number;
        };
        Token: {
            token: string;
        };
        TrainingRun: {
            readonly attempt: number;
            /** @description the trainer's config as resolved at the start */
            readonly config: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            readonly data_cutoff: string | null;
            readonly device: string;
            readonly epoch: number;
            /** @description what failed, in one line; the traceback stays in the server's records */
            readonly error: string;
            /** Format: date-time */
            readonly finished_at: string | null;
            /** Format: date-time */
            readonly heartbeat_at: string | null;
            readonly id: number;
            readonly log_lines: string[];
            /** Format: double */
            readonly loss: number | null;
            /** @description [[step, training loss], ...] */
            readonly loss_history: number[][];
            readonly new_comparisons: number;
            readonly phase: string;
            readonly preset: string;
            /** Format: double */
            readonly progress: number;
            /** Format: date-time */
            readonly queued_at: string;
            readonly requested_by: string | null;
            /** Format: date-time */
            readonly started_at: string | null;
            readonly state: components["schemas"]["TrainingRunStateEnum"];
            readonly step: number;
            /** @description seconds: queue_wait, data, training, evaluation, total */
            readonly timings: {
                [key: string]: number;
            };
            readonly total_steps: number;
            readonly trigger: components["schemas"]["TrainingRunTriggerEnum"];
            readonly version: components["schemas"]["VersionRef"] | null;
        };
        TrainingRunList: {
            readonly attempt: number;
            /** Format: date-time */
            readonly data_cutoff: string | null;
            readonly device: string;
            readonly epoch: number;
            /** @description what failed, in one line; the traceback stays in the server's records */
            readonly error: string;
            /** Format: date-time */
            readonly finished_at: string | null;
            /** Format: date-time */
            readonly heartbeat_at: string | null;
            readonly id: number;
            /** Format: double */
            readonly loss: number | null;
            readonly new_comparisons: number;
            readonly phase: string;
            readonly preset: string;
            /** Format: double */
            readonly progress: number;
            /** Format: date-time */
            readonly queued_at: string;
            readonly requested_by: string | null;
            /** Format: date-time */
            readonly started_at: string | null;
            readonly state: components["schemas"]["TrainingRunStateEnum"];
            readonly step: number;
            /** @description seconds: queue_wait, data, training, evaluation, total */
            readonly timings: {
                [key: string]: number;
            };
            readonly total_steps: number;
            readonly trigger: components["schemas"]["TrainingRunTriggerEnum"];
            readonly version: components["schemas"]["VersionRef"] | null;
        };
        /**
         * @description * `queued` - Queued
         *     * `running` - Running
         *     * `succeeded` - Succeeded
         *     * `failed` - Failed
         * @enum {string}
         */
        TrainingRunStateEnum: "queued" | "running" | "succeeded" | "failed";
        /**
         * @description * `threshold` - Threshold
         *     * `manual` - Manual
         *     * `periodic` - Periodic
         * @enum {string}
         */
        TrainingRunTriggerEnum: "threshold" | "manual" | "periodic";
        TrendPoint: {
            /** Format: double */
            majority_agreement: number | null;
            majority_votes: number;
            /** Format: date */
            start: string;
        };
        User: {
            id: number;
            is_staff: boolean;
            username: string;
        };
        UserRef: {
            id: number;
            username: string;
        };
        /** @description rewardmodel.core.evaluate's report on the held-out set (see metric_definitions). */
        VersionMetrics: {
            filter_at_k?: {
                [key: string]: number | null;
            };
            /** Format: double */
            loss?: number | null;
            n_groups?: number;
            n_pairs?: number;
            /** Format: double */
            preference_accuracy: number | null;
            /** Format: double */
            preference_accuracy_per_prompt?: number | null;
            recall_at_k?: {
                [key: string]: number | null;
            };
            /** @description origin, lr, total_steps, best_epoch, best_val_loss, seconds, history */
            training?: {
                [key: string]: unknown;
            };
        };
        VersionRef: {
            id: number;
            number: number;
            status: string;
        };
        Webhook: {
            /** Format: date-time */
            readonly created_at: string;
            /** @description Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only. */
            readonly created_by: string | null;
            readonly description: string;
            /** @description the events this webhook receives */
            events: components["schemas"]["WebhookEventEnum"][];
            readonly id: number;
            readonly is_active: boolean;
            readonly project: number;
            /** Format: date-time */
            readonly updated_at: string;
            /** Format: uri */
            readonly url: string;
        };
        WebhookDelivery: {
            readonly attempts: number;
            /** Format: date-time */
            readonly created_at: string;
            readonly duration_ms: number | null;
            readonly event_id: number;
            readonly event_type: string;
            /** Format: date-time */
            readonly finished_at: string | null;
            readonly id: number;
            readonly last_error: string;
            /** Format: date-time */
            readonly next_attempt_at: string;
            /** @description the event as sent: {type, timestamp, data} */
            readonly payload: {
                [key: string]: unknown;
            };
            readonly response_code: number | null;
            readonly status: components["schemas"]["WebhookDeliveryStatusEnum"];
            readonly webhook: number;
            /** @description the `webhook-id` header of every attempt */
            readonly webhook_message_id: string;
        };
        /**
         * @description * `pending` - Pending
         *     * `succeeded` - Succeeded
         *     * `failed` - Failed
         * @enum {string}
         */
        WebhookDeliveryStatusEnum: "pending" | "succeeded" | "failed";
        /**
         * @description * `annotation.created` - annotation.created
         *     * `annotation.reviewed` - annotation.reviewed
         *     * `group.completed` - group.completed
         *     * `import.finished` - import.finished
         *     * `snapshot.ready` - snapshot.ready
         *     * `snapshot.failed` - snapshot.failed
         *     * `model.version.ready` - model.version.ready
         *     * `model.version.promoted` - model.version.promoted
         *     * `training_run.failed` - training_run.failed
         *     * `annotator.paused` - annotator.paused
         * @enum {string}
         */
        WebhookEventEnum: "annotation.created" | "annotation.reviewed" | "group.completed" | "import.finished" | "snapshot.ready" | "snapshot.failed" | "model.version.ready" | "model.version.promoted" | "training_run.failed" | "annotator.paused";
        WebhookWithSecret: {
            /** Format: date-time */
            readonly created_at: string;
            /** @description Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only. */
            readonly created_by: string | null;
            readonly description: string;
            /** @description the events this webhook receives */
            events: components["schemas"]["WebhookEventEnum"][];
            readonly id: number;
            readonly is_active: boolean;
            readonly project: number;
            /** @description the signing secret (Standard Webhooks, whsec_...): shown in this answer only; rotate it if lost */
            readonly secret: string;
            /** Format: date-time */
            readonly updated_at: string;
            /** Format: uri */
            readonly url: string;
        };
        WebhookWriteRequest: {
            description?: string;
            /** @description the events this webhook receives */
            events: components["schemas"]["WebhookEventEnum"][];
            /** @description false pauses the webhook */
            is_active?: boolean;
            /** @description http(s) URL on a public address (WEBHOOK_ALLOW_PRIVATE_TARGETS allows others) */
            url: string;
        };
        Window: {
            compared_pairs: number;
            /** Format: double */
            gold_accuracy: number | null;
            gold_annotations: number;
            /** Format: double */
            majority_agreement: number | null;
            majority_votes: number;
            /** Format: double */
            pairwise_agreement: number | null;
            /** Format: date */
            start: string;
        };
        Windows: {
            /** @description annotator id: weekly majority agreement */
            annotators: {
                [key: string]: components["schemas"]["TrendPoint"][];
            };
            daily: components["schemas"]["Window"][];
            weekly: components["schemas"]["Window"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    api_v1_annotations_review_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                annotation_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ReviewInputRequest"];
                "multipart/form-data": components["schemas"]["ReviewInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewedAnnotation"];
                };
            };
        };
    };
    api_v1_auth_csrf_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CsrfToken"];
                };
            };
        };
    };
    api_v1_auth_login_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CredentialsRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CredentialsRequest"];
                "multipart/form-data": components["schemas"]["CredentialsRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many sign-in attempts: wait `Retry-After` seconds (same error body). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_auth_logout_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["LogoutRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["LogoutRequest"];
                "multipart/form-data": components["schemas"]["LogoutRequest"];
            };
        };
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_auth_me_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
        };
    };
    api_v1_auth_token_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CredentialsRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CredentialsRequest"];
                "multipart/form-data": components["schemas"]["CredentialsRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many sign-in attempts: wait `Retry-After` seconds (same error body). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_auth_token_rotate_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
        };
    };
    api_v1_groups_image_urls_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageUrls"];
                };
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_groups_release_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_groups_skip_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SkipRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["SkipRequest"];
                "multipart/form-data": components["schemas"]["SkipRequest"];
            };
        };
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused by the state of the data (same error body). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_groups_submit_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubmissionRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["SubmissionRequest"];
                "multipart/form-data": components["schemas"]["SubmissionRequest"];
            };
        };
        responses: {
            /** @description A retry: the first answer, nothing written. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnnotationReceipt"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnnotationReceipt"];
                };
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused by the state of the data (same error body). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_model_versions_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersionDetail"];
                };
            };
        };
    };
    api_v1_model_versions_promote_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoteRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["NoteRequest"];
                "multipart/form-data": components["schemas"]["NoteRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Promotion"];
                };
            };
        };
    };
    api_v1_projects_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectListItem"][];
                };
            };
        };
    };
    api_v1_projects_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProjectSettingsRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ProjectSettingsRequest"];
                "multipart/form-data": components["schemas"]["ProjectSettingsRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_projects_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
        };
    };
    api_v1_projects_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedProjectSettingsRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedProjectSettingsRequest"];
                "multipart/form-data": components["schemas"]["PatchedProjectSettingsRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_projects_annotations_list: {
        parameters: {
            query?: {
                /** @description annotator's user id */
                annotator?: number;
                /** @description prompt group id */
                group?: number;
                /** @description Number of results to return per page. */
                limit?: number;
                /** @description The initial index from which to return the results. */
                offset?: number;
                /**
                 * @description * `submitted` - Submitted
                 *     * `accepted` - Accepted
                 *     * `rejected` - Rejected
                 */
                status?: "submitted" | "accepted" | "rejected";
            };
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedReviewedAnnotationList"];
                };
            };
        };
    };
    api_v1_projects_annotators_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                annotator_id: number;
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnnotatorPage"];
                };
            };
        };
    };
    api_v1_projects_annotators_pause_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                annotator_id: number;
                project_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PauseInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PauseInputRequest"];
                "multipart/form-data": components["schemas"]["PauseInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pause"];
                };
            };
        };
    };
    api_v1_projects_annotators_qualification_reset_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                annotator_id: number;
                project_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResumeInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ResumeInputRequest"];
                "multipart/form-data": components["schemas"]["ResumeInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QualificationAttempt"][];
                };
            };
        };
    };
    api_v1_projects_annotators_resume_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                annotator_id: number;
                project_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResumeInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ResumeInputRequest"];
                "multipart/form-data": components["schemas"]["ResumeInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pause"];
                };
            };
        };
    };
    api_v1_projects_groups_model_scores_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group_id: number;
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupModelScores"];
                };
            };
        };
    };
    api_v1_projects_import_jobs_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJob"][];
                };
            };
        };
    };
    api_v1_projects_import_jobs_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImportFromFolderRequest"];
                "multipart/form-data": components["schemas"]["ImportUploadRequest"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJob"];
                };
            };
        };
    };
    api_v1_projects_import_jobs_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: number;
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJobDetail"];
                };
            };
        };
    };
    api_v1_projects_imports_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: number;
                /** @description The initial index from which to return the results. */
                offset?: number;
            };
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedImportBatchList"];
                };
            };
        };
    };
    api_v1_projects_imports_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImportFromFolderRequest"];
                "multipart/form-data": components["schemas"]["ImportUploadRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportBatch"];
                };
            };
        };
    };
    api_v1_projects_members_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"][];
                };
            };
        };
    };
    api_v1_projects_members_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["MemberRequest"];
                "multipart/form-data": components["schemas"]["MemberRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_projects_model_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelOverview"];
                };
            };
        };
    };
    api_v1_projects_model_learning_curve_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LearningCurvePoint"][];
                };
            };
        };
    };
    api_v1_projects_model_prescore_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescoreResult"];
                };
            };
        };
    };
    api_v1_projects_model_promotions_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: number;
                /** @description The initial index from which to return the results. */
                offset?: number;
            };
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedPromotionList"];
                };
            };
        };
    };
    api_v1_projects_model_rollback_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NoteRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["NoteRequest"];
                "multipart/form-data": components["schemas"]["NoteRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Promotion"];
                };
            };
        };
    };
    api_v1_projects_model_runs_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: number;
                /** @description The initial index from which to return the results. */
                offset?: number;
            };
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedTrainingRunListList"];
                };
            };
        };
    };
    api_v1_projects_model_runs_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainingRun"];
                };
            };
        };
    };
    api_v1_projects_model_score_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScoreInputRequest"];
                "multipart/form-data": components["schemas"]["ScoreInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScoreResult"];
                };
            };
        };
    };
    api_v1_projects_model_settings_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelSettings"];
                };
            };
        };
    };
    api_v1_projects_model_settings_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedModelSettingsRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedModelSettingsRequest"];
                "multipart/form-data": components["schemas"]["PatchedModelSettingsRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelSettings"];
                };
            };
        };
    };
    api_v1_projects_model_versions_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: number;
                /** @description The initial index from which to return the results. */
                offset?: number;
            };
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedModelVersionList"];
                };
            };
        };
    };
    api_v1_projects_next_task_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["NextTaskRequestRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["NextTaskRequestRequest"];
                "multipart/form-data": components["schemas"]["NextTaskRequestRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Nothing is left for the caller. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused by the state of the data (same error body). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_projects_people_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Person"][];
                };
            };
        };
    };
    api_v1_projects_people_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RolesRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["RolesRequest"];
                "multipart/form-data": components["schemas"]["RolesRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Person"];
                };
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused by the state of the data (same error body). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_projects_people_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RemovedMember"];
                };
            };
            /** @description `{"detail", "errors": [{"field", "rule", "message"}]}` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused by the state of the data (same error body). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_projects_progress_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectProgress"];
                };
            };
        };
    };
    api_v1_projects_qualification_groups_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: number;
                /** @description The initial index from which to return the results. */
                offset?: number;
                /** @description only the groups in the set (true) or out of it */
                qualification?: boolean | null;
            };
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedGoldGroupList"];
                };
            };
        };
    };
    api_v1_projects_qualification_groups_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["QualificationGroupsInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["QualificationGroupsInputRequest"];
                "multipart/form-data": components["schemas"]["QualificationGroupsInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QualificationGroups"];
                };
            };
        };
    };
    api_v1_projects_qualification_groups_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group_id: number;
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GoldGroup"];
                };
            };
        };
    };
    api_v1_projects_qualification_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyQualification"];
                };
            };
        };
    };
    api_v1_projects_quality_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectQuality"];
                };
            };
        };
    };
    api_v1_projects_quality_report_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QualityReport"];
                };
            };
        };
    };
    api_v1_projects_quality_report_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_projects_refl_bundles_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReflBundle"][];
                };
            };
        };
    };
    api_v1_projects_refl_bundles_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReflBundleInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ReflBundleInputRequest"];
                "multipart/form-data": components["schemas"]["ReflBundleInputRequest"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReflBundle"];
                };
            };
        };
    };
    api_v1_projects_refl_bundles_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bundle_id: number;
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReflBundle"];
                };
            };
        };
    };
    api_v1_projects_refl_bundles_snapshot_v_model_v_download_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_number: number;
                project_id: number;
                snapshot_version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the bundle's zip */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            /** @description with object storage: the zip's presigned URL in `Location` */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not built yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the bucket cannot be reached or refuses access */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_projects_refl_pipelines_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReflPipelines"];
                };
            };
        };
    };
    api_v1_projects_refl_runs_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: number;
                /** @description The initial index from which to return the results. */
                offset?: number;
            };
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedReflRunListList"];
                };
            };
        };
    };
    api_v1_projects_refl_runs_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReflRunInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ReflRunInputRequest"];
                "multipart/form-data": components["schemas"]["ReflRunInputRequest"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReflRun"];
                };
            };
        };
    };
    api_v1_projects_review_queue_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: number;
                /** @description The initial index from which to return the results. */
                offset?: number;
            };
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedQueuedAnnotationList"];
                };
            };
        };
    };
    api_v1_projects_snapshots_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: number;
                /** @description The initial index from which to return the results. */
                offset?: number;
            };
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedSnapshotList"];
                };
            };
        };
    };
    api_v1_projects_snapshots_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["SnapshotCreateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["SnapshotCreateRequest"];
                "multipart/form-data": components["schemas"]["SnapshotCreateRequest"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Snapshot"];
                };
            };
        };
    };
    api_v1_projects_webhooks_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: number;
                /** @description The initial index from which to return the results. */
                offset?: number;
            };
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedWebhookList"];
                };
            };
        };
    };
    api_v1_projects_webhooks_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookWriteRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["WebhookWriteRequest"];
                "multipart/form-data": components["schemas"]["WebhookWriteRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
        };
    };
    api_v1_refl_runs_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReflRun"];
                };
            };
        };
    };
    api_v1_refl_runs_download_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the result's zip */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            /** @description with object storage: the zip's presigned URL in `Location` */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the run has not succeeded */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the bucket cannot be reached or refuses access */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_snapshots_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                snapshot_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Snapshot"];
                };
            };
        };
    };
    api_v1_snapshots_download_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                snapshot_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the snapshot's zip */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            /** @description with object storage: the zip's presigned URL in `Location` */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not ready, or the archive is missing */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the bucket cannot be reached or refuses access */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_snapshots_reexport_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                snapshot_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Snapshot"];
                };
            };
        };
    };
    api_v1_training_runs_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainingRun"];
                };
            };
        };
    };
    api_v1_webhook_deliveries_redeliver_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
        };
    };
    api_v1_webhooks_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
        };
    };
    api_v1_webhooks_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_webhooks_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedWebhookWriteRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedWebhookWriteRequest"];
                "multipart/form-data": components["schemas"]["PatchedWebhookWriteRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
        };
    };
    api_v1_webhooks_deliveries_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: number;
                /** @description The initial index from which to return the results. */
                offset?: number;
            };
            header?: never;
            path: {
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedWebhookDeliveryList"];
                };
            };
        };
    };
    api_v1_webhooks_rotate_secret_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
        };
    };
    api_v1_webhooks_test_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
        };
    };
}
