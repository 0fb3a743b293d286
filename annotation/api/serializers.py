"""Shapes of the auth, project and annotating endpoints (docs/API.md). Serializers parse types;
the rules of a project's protocol live in the services."""

from django.conf import settings
from rest_framework import serializers

from ..models import Lease, Membership, Project, Role
from ..services import projects

SMALLINT_MAX = 32767


# --- Auth ----------------------------------------------------------------------------------------


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    is_staff = serializers.BooleanField()


class CsrfTokenSerializer(serializers.Serializer):
    csrfToken = serializers.CharField()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class LogoutSerializer(serializers.Serializer):
    revoke_token = serializers.BooleanField(
        default=False, help_text="Also delete the caller's API token: scripts holding it are signed out too."
    )


# --- Projects ------------------------------------------------------------------------------------


class RatingDimensionSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=50)
    label = serializers.CharField(max_length=200)
    min = serializers.IntegerField()
    max = serializers.IntegerField()
    anchors = serializers.DictField(child=serializers.CharField(), required=False, default=dict)


class ProgressSerializer(serializers.Serializer):
    done_today = serializers.IntegerField(help_text="The caller's annotations in this project since midnight.")
    done_total = serializers.IntegerField(help_text="The caller's annotations in this project.")
    queue_left = serializers.IntegerField(
        help_text="Groups of the project still open to the caller: not complete, not annotated or skipped by them."
    )


class ProjectListItemSerializer(serializers.ModelSerializer):
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
    progress = ProgressSerializer()

    class Meta:
        model = Project
        fields = ["id", "name", "slug", "roles", "progress"]


class ProjectSerializer(serializers.ModelSerializer):
    rating_dimensions = RatingDimensionSerializer(many=True)
    image_flags = serializers.ListField(child=serializers.CharField())
    prompt_flags = serializers.ListField(child=serializers.CharField())
    prompt_categories = serializers.ListField(child=serializers.CharField())
    review_reasons = serializers.ListField(child=serializers.CharField())
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices), read_only=True)

    class Meta:
        model = Project
        fields = ["id", *projects.SETTINGS, "roles"]


class ProjectSettingsSerializer(serializers.Serializer):
    """Input of create (name and slug required) and PATCH (every field optional)."""

    name = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=100)
    instructions = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    rating_dimensions = RatingDimensionSerializer(many=True, required=False)
    image_flags = serializers.ListField(child=serializers.CharField(), required=False)
    prompt_flags = serializers.ListField(child=serializers.CharField(), required=False)
    prompt_categories = serializers.ListField(child=serializers.CharField(), required=False)
    ranking_slots = serializers.IntegerField(min_value=1, max_value=SMALLINT_MAX, required=False)
    max_images_per_slot = serializers.IntegerField(min_value=1, max_value=SMALLINT_MAX, required=False)
    annotations_per_group = serializers.IntegerField(
        min_value=1, max_value=SMALLINT_MAX, required=False, help_text="Applies to groups imported afterwards."
    )
    lease_seconds = serializers.IntegerField(min_value=10, max_value=7 * 24 * 3600, required=False)
    require_consistent_ranking = serializers.BooleanField(required=False)
    gold_rate = serializers.FloatField(min_value=0, max_value=1, required=False)
    gold_window = serializers.IntegerField(
        min_value=1, max_value=SMALLINT_MAX, required=False, help_text="rolling gold accuracy: the last K gold groups"
    )
    gold_accuracy_bar = serializers.FloatField(
        min_value=0, max_value=1, allow_null=True, required=False, help_text="auto-pause below it; null: off"
    )
    agreement_bar = serializers.FloatField(
        min_value=0, max_value=1, allow_null=True, required=False, help_text="auto-pause below it; null: off"
    )
    review_sample_rate = serializers.FloatField(min_value=0, max_value=1, required=False)
    review_reasons = serializers.ListField(child=serializers.CharField(), required=False)
    require_qualification = serializers.BooleanField(required=False)
    qualification_size = serializers.IntegerField(
        min_value=1, max_value=SMALLINT_MAX, required=False, help_text="qualification groups per attempt"
    )
    qualification_pass_mark = serializers.FloatField(
        min_value=0, max_value=1, required=False, help_text="mean gold agreement needed to pass"
    )

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "rating_dimensions" in values:
            values["rating_dimensions"] = [
                {**d, "anchors": dict(d.get("anchors", {}))} for d in values["rating_dimensions"]
            ]
        return values


class MemberSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)

    def to_representation(self, membership: Membership):
        return {"username": membership.user.username, "role": membership.role}


class PersonSerializer(serializers.Serializer):
    """A row of the people table (serialises `selectors.project_people`)."""

    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
    joined_at = serializers.DateTimeField()
    last_activity = serializers.DateTimeField(
        allow_null=True, help_text="their latest annotation, lease, skip or review in the project"
    )
    annotations = serializers.IntegerField(help_text="annotations of theirs in the project")
    leases = serializers.IntegerField(help_text="groups they hold now")


class RolesSerializer(serializers.Serializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices),
        allow_empty=False,
        max_length=len(Role.values),
        help_text="the member's roles from now on (DELETE removes the member)",
    )


class RemovedMemberSerializer(serializers.Serializer):
    username = serializers.CharField()
    leases_returned = serializers.IntegerField(help_text="groups they held, given back to the queue")


class GroupCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="groups to annotate (gold groups apart)")
    complete = serializers.IntegerField()
    in_progress = serializers.IntegerField(help_text="started (annotated or held), not complete")
    open = serializers.IntegerField(help_text="nobody started them")
    gold = serializers.IntegerField()


class DayCountSerializer(serializers.Serializer):
    day = serializers.DateField()
    annotations = serializers.IntegerField()


class ProjectProgressSerializer(serializers.Serializer):
    """Serialises `selectors.project_progress`."""

    groups = GroupCountsSerializer()
    annotations_remaining = serializers.IntegerField(help_text="annotations the non-gold groups still need")
    annotations_per_day = DayCountSerializer(many=True, help_text="the last 30 days, oldest first")
    active_annotators = serializers.ListField(
        child=serializers.CharField(), help_text="held or submitted a group in the last 15 minutes"
    )
    rate_per_day = serializers.FloatField(help_text="annotations per day over the last 7 days")
    estimated_finish = serializers.DateTimeField(
        allow_null=True, help_text="when the groups are complete if the rate goes on; null at rate 0"
    )


# --- Annotating ----------------------------------------------------------------------------------


ROW_ID_MAX = 2**63 - 1


class NextTaskRequestSerializer(serializers.Serializer):
    exclude = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=ROW_ID_MAX),
        required=False,
        default=list,
        help_text="Group ids not to return (e.g. the one on screen while prefetching the next); "
        "at most NEXT_TASK_MAX_EXCLUDE of them.",
    )

    def validate_exclude(self, value):
        if len(value) > settings.NEXT_TASK_MAX_EXCLUDE:
            raise serializers.ValidationError(f"at most {settings.NEXT_TASK_MAX_EXCLUDE} group ids", code="max_length")
        return value


class TaskImageSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="image.id")
    url = serializers.CharField(
        help_text="Local storage: served by this server to members of the project. A bucket: a presigned URL of "
        "the private object, valid until the group's `urls_expire_at`."
    )
    width = serializers.IntegerField(source="image.width")
    height = serializers.IntegerField(source="image.height")
    position = serializers.IntegerField()


class TaskPromptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class TaskGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    prompt = TaskPromptSerializer()
    images = TaskImageSerializer(source="task_images", many=True)
    urls_expire_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When the images' URLs stop working (presigned bucket URLs: STORAGE_URL_EXPIRY past the lease's "
        "end); ask `groups/{id}/image-urls/` for fresh ones before then. Null: they do not expire.",
    )


class TaskLeaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lease
        fields = ["id", "expires_at"]


class TaskQualificationSerializer(serializers.Serializer):
    attempt = serializers.IntegerField(help_text="the qualification attempt this group counts in (1, 2, ...)")
    position = serializers.IntegerField(help_text="the group's place in that attempt, 1 to size")
    size = serializers.IntegerField(help_text="groups per attempt (the project's qualification_size)")


class TaskSerializer(serializers.Serializer):
    lease = TaskLeaseSerializer(source="*")
    group = TaskGroupSerializer()
    qualification = TaskQualificationSerializer(
        allow_null=True,
        help_text="while the annotator qualifies: the group's place in their attempt (their answers count "
        "once they pass); null otherwise",
    )


class ImageUrlSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()


class ImageUrlsSerializer(serializers.Serializer):
    """Serialises `selectors.image_urls_for_holder`."""

    group = serializers.IntegerField()
    lease_expires_at = serializers.DateTimeField()
    urls_expire_at = serializers.DateTimeField(allow_null=True, help_text="null: the URLs do not expire")
    images = ImageUrlSerializer(many=True, help_text="in position order, as in the task")


class ImageJudgmentSerializer(serializers.Serializer):
    image_id = serializers.IntegerField(min_value=1, max_value=ROW_ID_MAX)
    ratings = serializers.DictField(
        child=serializers.IntegerField(), help_text="An integer on each of the project's rating dimensions."
    )
    flags = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    slot = serializers.IntegerField(help_text="1 = best, up to the project's ranking_slots; ties share a slot.")


class SubmissionSerializer(serializers.Serializer):
    client_key = serializers.UUIDField(
        help_text="Chosen by the client; a retry with the same key returns the first answer."
    )
    prompt_category = serializers.CharField(allow_blank=True, required=False, default="")
    prompt_flags = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    time_spent_ms = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False, default=0)
    images = ImageJudgmentSerializer(many=True)


class AnnotationReceiptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group = serializers.IntegerField(source="group_id")
    status = serializers.CharField()
    comparisons = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_comparisons(self, annotation) -> int:
        # Known when the annotation was just written; a retry's earlier annotation counts them.
        known = getattr(annotation, "comparison_count", None)
        return known if known is not None else annotation.comparisons.count()


class SkipSerializer(serializers.Serializer):
    reason = serializers.CharField(
        help_text="Why the group is skipped (shown to reviewers); SKIP_REASON_MAX_LENGTH at most."
    )

    def validate_reason(self, value):
        if len(value) > settings.SKIP_REASON_MAX_LENGTH:
            raise serializers.ValidationError(
                f"at most {settings.SKIP_REASON_MAX_LENGTH} characters", code="max_length"
            )
        return value
