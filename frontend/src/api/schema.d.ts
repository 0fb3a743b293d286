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
         * @description The body of `POST imports/`; answers 202 with the job at once. Poll `import-jobs/{id}/`: `status` goes queued, running (with `stage` unpacking, checking, storing, writing and `done` of `total`), then done (`batch`, `counts`), refused (`problems`: every bad row; nothing written) or failed (`error`). Bad options, a folder outside IMPORT_ROOTS or an upload that is no zip are refused at once (400).
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
         * @description From a folder under the server's IMPORT_ROOTS (JSON body with `folder`) or from an uploaded zip of the folder (multipart with `archive`). `format` is `jsonl` (one line per image: group, prompt, image, generator, seed, metadata, rank, category) or `reference` (ImageReward's train.json). A bad row refuses the whole import with one error per row (`manifest.jsonl:12.image`, `train.json[3].generations[1]`) and nothing is written.
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
    "/api/v1/projects/{project_id}/refl-bundles/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
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
        /** Download a built ReFL bundle as one zip (researcher or manager) */
        get: operations["api_v1_projects_refl_bundles_snapshot_v_model_v_download_retrieve"];
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
         * @description The same snapshot always gives the same bytes; the `ETag` is the archive's sha256 (also in the manifest). 409 while the snapshot is not ready.
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
        AnnotatorQuality: {
            accepted: number;
            annotations: number;
            compared_pairs: number;
            /** Format: double */
            gold_accuracy: number | null;
            gold_annotations: number;
            id: number;
            /** Format: double */
            majority_agreement: number | null;
            majority_votes: number;
            /** Format: double */
            median_time_spent_ms: number | null;
            /** Format: double */
            pairwise_agreement: number | null;
            rejected: number;
            /** Format: double */
            share_rejected: number | null;
            submitted: number;
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
        ImportBatch: {
            /** @description groups, images, images_reused, prompts, gold_groups, annotations, comparisons */
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
            /** @description a folder on the server: absolute, or relative to the first IMPORT_ROOTS entry */
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
        NextTaskRequestRequest: {
            /** @description Group ids not to return (e.g. the one on screen while prefetching the next); at most NEXT_TASK_MAX_EXCLUDE of them. */
            exclude?: number[];
        };
        NoteRequest: {
            /** @default  */
            note: string;
        };
        Overlap: {
            /** @description non-rejected annotations on those groups */
            annotations: number;
            /** @description groups with at least two non-rejected annotations */
            groups: number;
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
            /** @description Applies to groups imported afterwards. */
            annotations_per_group?: number;
            /** Format: double */
            gold_rate?: number;
            image_flags?: string[];
            instructions?: string;
            lease_seconds?: number;
            max_images_per_slot?: number;
            name?: string;
            prompt_categories?: string[];
            prompt_flags?: string[];
            ranking_slots?: number;
            rating_dimensions?: components["schemas"]["RatingDimensionRequest"][];
            require_consistent_ranking?: boolean;
            slug?: string;
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
            /** Format: int64 */
            annotations_per_group?: number;
            /** Format: double */
            gold_rate?: number;
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
            /** Format: int64 */
            ranking_slots?: number;
            rating_dimensions: components["schemas"]["RatingDimension"][];
            require_consistent_ranking?: boolean;
            readonly roles: components["schemas"]["RoleEnum"][];
            slug: string;
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
            gold: components["schemas"]["GoldAccuracy"];
            overlap: components["schemas"]["Overlap"];
            project: number;
            ranking: components["schemas"]["RankingAgreement"];
            ratings: components["schemas"]["RatingAgreement"][];
        };
        /** @description Input of create (name and slug required) and PATCH (every field optional). */
        ProjectSettingsRequest: {
            /** @description Applies to groups imported afterwards. */
            annotations_per_group?: number;
            /** Format: double */
            gold_rate?: number;
            image_flags?: string[];
            instructions?: string;
            lease_seconds?: number;
            max_images_per_slot?: number;
            name: string;
            prompt_categories?: string[];
            prompt_flags?: string[];
            ranking_slots?: number;
            rating_dimensions?: components["schemas"]["RatingDimensionRequest"][];
            require_consistent_ranking?: boolean;
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
        RemovedMember: {
            /** @description groups they held, given back to the queue */
            leases_returned: number;
            username: string;
        };
        ReviewedAnnotation: {
            annotator: components["schemas"]["UserRef"];
            /** Format: date-time */
            readonly created_at: string;
            /** Format: double */
            gold_agreement?: number | null;
            group: components["schemas"]["GroupRef"];
            readonly id: number;
            images: components["schemas"]["ImageJudgment"][];
            prompt_category?: string;
            prompt_flags?: unknown;
            review_note?: string;
            /** Format: date-time */
            reviewed_at?: string | null;
            reviewed_by: components["schemas"]["UserRef"] | null;
            source?: string;
            status?: components["schemas"]["ReviewedAnnotationStatusEnum"];
            /** Format: int64 */
            time_spent_ms?: number;
        };
        /**
         * @description * `submitted` - Submitted
         *     * `accepted` - Accepted
         *     * `rejected` - Rejected
         * @enum {string}
         */
        ReviewedAnnotationStatusEnum: "submitted" | "accepted" | "rejected";
        ReviewInputRequest: {
            decision: components["schemas"]["DecisionEnum"];
            /** @default  */
            note: string;
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
            /** @description Any of reference, per_image_parquet, pairwise_parquet, pairwise_jsonl, refl_data (default: all). */
            formats?: string[];
            /** @description {"images": "none"|"copy"|"link", "aggregation": "mean_slot"|"per_annotation", "refl_categories": [...], "refl_exclude_prompt_flags": [...]} */
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
        };
        TaskGroup: {
            id: number;
            images: components["schemas"]["TaskImage"][];
            prompt: components["schemas"]["TaskPrompt"];
        };
        TaskImage: {
            height: number;
            id: number;
            position: number;
            /** @description Served to members of the project only. */
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
            /** @description not built yet */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
            /** @description not ready, or the archive is missing */
            409: {
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
}
