"""Serializers of the review and quality endpoints: the inputs they parse and the shapes they
answer with (the output ones also describe the answers in the OpenAPI schema)."""

from rest_framework import serializers

from annotation import media
from annotation.models import (
    Annotation,
    AnnotationStatus,
    AnnotatorPause,
    ImageAnnotation,
    PromptGroup,
    QualificationAttempt,
    ReviewDecision,
)
from annotation.quality import QUEUE_REASONS
from annotation.services.qualification import STATES


class AnnotationListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AnnotationStatus.choices, required=False)
    annotator = serializers.IntegerField(required=False, min_value=1, help_text="annotator's user id")
    group = serializers.IntegerField(required=False, min_value=1, help_text="prompt group id")


class ReviewInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "reject"])
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200, help_text="one of the project's review_reasons"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class PromptRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class GroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    is_gold = serializers.BooleanField()
    prompt = PromptRefSerializer()


class ImageJudgmentSerializer(serializers.ModelSerializer):
    image_id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    position = serializers.IntegerField(allow_null=True, help_text="the image's position in its group")

    class Meta:
        model = ImageAnnotation
        fields = ["image_id", "url", "position", "ratings", "flags", "slot"]

    def get_url(self, judgment) -> str:
        # Reviewers are members: the local media view, or a presigned URL of the bucket's object.
        return media.image_url(judgment.image.file.name)


class ReviewDecisionSerializer(serializers.ModelSerializer):
    reviewer = UserRefSerializer()
    decision = serializers.CharField(help_text="the status it gave: accepted or rejected")

    class Meta:
        model = ReviewDecision
        fields = ["id", "annotation_id", "reviewer", "decision", "reason", "note", "created_at"]


class ReviewedAnnotationSerializer(serializers.ModelSerializer):
    group = GroupRefSerializer()
    annotator = UserRefSerializer()
    reviewed_by = UserRefSerializer(allow_null=True)
    images = ImageJudgmentSerializer(source="image_annotations", many=True)
    decisions = ReviewDecisionSerializer(many=True, help_text="every review decision on it, oldest first")

    class Meta:
        model = Annotation
        fields = [
            "id",
            "group",
            "annotator",
            "status",
            "prompt_category",
            "prompt_flags",
            "time_spent_ms",
            "gold_agreement",
            "source",
            "created_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "review_reason",
            "decisions",
            "images",
        ]


class QueuedAnnotationSerializer(ReviewedAnnotationSerializer):
    queue_reason = serializers.ChoiceField(
        choices=list(QUEUE_REASONS),
        help_text="why it is in the queue: its annotator is paused or flagged, the production model disagrees "
        "most with the labelers of its group (model), or it is in the sampled share",
    )

    class Meta(ReviewedAnnotationSerializer.Meta):
        fields = [*ReviewedAnnotationSerializer.Meta.fields, "queue_reason"]


# --- the quality answer --------------------------------------------------------------------------


class StatusCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    submitted = serializers.IntegerField()
    accepted = serializers.IntegerField()
    rejected = serializers.IntegerField()


class OverlapSerializer(serializers.Serializer):
    groups = serializers.IntegerField(help_text="groups with at least two non-rejected annotations")
    annotations = serializers.IntegerField(help_text="non-rejected annotations on those groups")


class RatingAgreementSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    label = serializers.CharField()
    alpha = serializers.FloatField(allow_null=True, help_text="Krippendorff's alpha, ordinal; null when undefined")
    units = serializers.IntegerField(help_text="images rated by at least two annotators")


class RankingAgreementSerializer(serializers.Serializer):
    kendall_tau_b = serializers.FloatField(allow_null=True, help_text="mean over pairs of annotations of a group")
    annotation_pairs = serializers.IntegerField()
    pairwise_agreement = serializers.FloatField(
        allow_null=True, help_text="share of image pairs that two annotators both ranked, ranked the same way"
    )
    compared_pairs = serializers.IntegerField()
    majority_agreement = serializers.FloatField(
        allow_null=True, help_text="share of non-tied votes that agree with the other annotators' majority"
    )
    majority_votes = serializers.IntegerField()


class GoldAccuracySerializer(serializers.Serializer):
    accuracy = serializers.FloatField(allow_null=True, help_text="mean gold agreement on gold groups")
    annotations = serializers.IntegerField()


class OutlierFlagSerializer(serializers.Serializer):
    rule = serializers.ChoiceField(
        choices=["median_time", "tie_rate", "flag_rate", "straight_lining", "agreement", "gold_accuracy"]
    )
    value = serializers.FloatField()
    reference = serializers.FloatField(help_text="the project's figure or bar it was compared with")
    message = serializers.CharField()
    pauses = serializers.BooleanField(help_text="a project bar: the stats task pauses the annotator")


class AnnotatorQualitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    annotations = serializers.IntegerField()
    submitted = serializers.IntegerField()
    accepted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    share_rejected = serializers.FloatField(allow_null=True)
    median_time_spent_ms = serializers.FloatField(allow_null=True)
    gold_annotations = serializers.IntegerField()
    gold_accuracy = serializers.FloatField(allow_null=True)
    pairwise_agreement = serializers.FloatField(allow_null=True)
    compared_pairs = serializers.IntegerField()
    majority_agreement = serializers.FloatField(allow_null=True)
    majority_votes = serializers.IntegerField()
    tie_rate = serializers.FloatField(allow_null=True, help_text="share of judged image pairs they tied")
    flag_rate = serializers.FloatField(allow_null=True, help_text="share of judged images they flagged")
    straight_lining = serializers.FloatField(
        allow_null=True, help_text="share of annotations with the same rating on every image, in every dimension"
    )
    judged_pairs = serializers.IntegerField()
    judged_images = serializers.IntegerField()
    rolling_gold_accuracy = serializers.FloatField(allow_null=True, help_text="over the last gold_window gold groups")
    rolling_gold_annotations = serializers.IntegerField()
    flags = OutlierFlagSerializer(many=True, help_text="the outlier rules this annotator trips")
    model_agreement = serializers.FloatField(
        allow_null=True,
        default=None,
        help_text="share of their non-tied comparisons the production model orders the same way "
        "(null without a production model or before it measured their work)",
    )
    model_compared_pairs = serializers.IntegerField(default=0, help_text="their comparisons the model measured")


class FlagAgreementSerializer(serializers.Serializer):
    flag = serializers.CharField(help_text='a flag of the project, or "any"')
    kappa = serializers.FloatField(allow_null=True, help_text="Fleiss' kappa, flagged or not; null when undefined")
    units = serializers.IntegerField()
    flagged = serializers.IntegerField()


class FlagsAgreementSerializer(serializers.Serializer):
    image = FlagAgreementSerializer(many=True)
    prompt = FlagAgreementSerializer(many=True)


class AnnotatorPairSerializer(serializers.Serializer):
    first = serializers.IntegerField()
    second = serializers.IntegerField()
    groups = serializers.IntegerField()
    compared_pairs = serializers.IntegerField()
    pairwise_agreement = serializers.FloatField(allow_null=True)


class WindowSerializer(serializers.Serializer):
    start = serializers.DateField()
    pairwise_agreement = serializers.FloatField(allow_null=True)
    compared_pairs = serializers.IntegerField()
    majority_agreement = serializers.FloatField(allow_null=True)
    majority_votes = serializers.IntegerField()
    gold_accuracy = serializers.FloatField(allow_null=True)
    gold_annotations = serializers.IntegerField()


class TrendPointSerializer(serializers.Serializer):
    start = serializers.DateField()
    majority_agreement = serializers.FloatField(allow_null=True)
    majority_votes = serializers.IntegerField()


class WindowsSerializer(serializers.Serializer):
    daily = WindowSerializer(many=True)
    weekly = WindowSerializer(many=True)
    annotators = serializers.DictField(
        child=TrendPointSerializer(many=True), help_text="annotator id: weekly majority agreement"
    )


class ProjectHabitsSerializer(serializers.Serializer):
    median_time_spent_ms = serializers.FloatField(allow_null=True)
    tie_rate = serializers.FloatField(allow_null=True)
    flag_rate = serializers.FloatField(allow_null=True)
    majority_agreement = serializers.FloatField(allow_null=True)


class ProjectQualitySerializer(serializers.Serializer):
    project = serializers.IntegerField()
    annotations = StatusCountsSerializer()
    overlap = OverlapSerializer()
    ratings = RatingAgreementSerializer(many=True)
    ranking = RankingAgreementSerializer()
    gold = GoldAccuracySerializer()
    annotators = AnnotatorQualitySerializer(many=True)
    flags = FlagsAgreementSerializer()
    pairs = AnnotatorPairSerializer(many=True)
    windows = WindowsSerializer()
    project_habits = ProjectHabitsSerializer()


class AnnotatorModelAgreementSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the annotator's user id")
    agreement = serializers.FloatField(allow_null=True)
    agreed = serializers.IntegerField()
    compared = serializers.IntegerField()


class ModelAgreementSerializer(serializers.Serializer):
    version_number = serializers.IntegerField(help_text="the production model version measured")
    computed_at = serializers.DateTimeField(help_text="the data read is what existed then")
    seconds = serializers.FloatField(help_text="how long the measurement took")
    agreement = serializers.FloatField(
        allow_null=True, help_text="share of the labelers' non-tied comparisons the model orders the same way"
    )
    compared_pairs = serializers.IntegerField()
    groups = serializers.IntegerField(help_text="annotated non-gold groups the model scored")
    contradicted_groups = serializers.IntegerField(help_text="groups where it contradicts at least one comparison")
    disagreement_groups = serializers.IntegerField(
        help_text="the groups where it disagrees most, with work to review: they are in the review queue (model)"
    )
    annotators = AnnotatorModelAgreementSerializer(many=True)


class QualityReportSerializer(serializers.Serializer):
    computed_at = serializers.DateTimeField()
    seconds = serializers.FloatField(help_text="how long the computation took")
    figures = ProjectQualitySerializer()
    model = ModelAgreementSerializer(
        allow_null=True, help_text="the production reward model as a second reviewer; null without one"
    )


# --- annotators: pause, resume, their page -------------------------------------------------------


class PauseInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ResumeInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class PauseSerializer(serializers.ModelSerializer):
    paused_by = UserRefSerializer(allow_null=True, help_text="null: paused by a rule of the stats task")
    resumed_by = UserRefSerializer(allow_null=True)

    class Meta:
        model = AnnotatorPause
        fields = ["id", "rule", "reason", "paused_by", "paused_at", "resumed_by", "resumed_at", "resume_note"]


class QualificationAttemptSerializer(serializers.ModelSerializer):
    reset_by = UserRefSerializer(allow_null=True)

    class Meta:
        model = QualificationAttempt
        fields = ["number", "started_at", "finished_at", "score", "passed", "reset_by", "reset_at", "reset_note"]


class QualificationStatusSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=STATES)
    attempts = QualificationAttemptSerializer(many=True)


class QualificationGroupsInputSerializer(serializers.Serializer):
    groups = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), max_length=1000, help_text="gold group ids"
    )


class QualificationGroupsSerializer(serializers.Serializer):
    groups = serializers.ListField(child=serializers.IntegerField(), help_text="the groups now in the set")


class AnnotatorModelFiguresSerializer(serializers.Serializer):
    version_number = serializers.IntegerField()
    computed_at = serializers.DateTimeField()
    agreement = serializers.FloatField(
        allow_null=True, help_text="share of their non-tied comparisons the production model orders the same way"
    )
    compared_pairs = serializers.IntegerField()


class GoldGroupQuerySerializer(serializers.Serializer):
    qualification = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="only the groups in the set (true) or out of it"
    )


class GoldGroupSerializer(serializers.ModelSerializer):
    prompt = serializers.CharField(source="prompt.text")
    images = serializers.IntegerField(source="image_count", help_text="images in the group")
    gold_ranking = serializers.ListField(child=serializers.IntegerField(), help_text="the reference: slot per image")

    class Meta:
        model = PromptGroup
        fields = ["id", "external_id", "prompt", "images", "gold_ranking", "is_qualification", "annotation_count"]
        read_only_fields = fields


class MyQualificationSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=STATES)
    size = serializers.IntegerField(help_text="qualification groups per attempt")
    pass_mark = serializers.FloatField(help_text="the mean gold agreement an attempt needs")
    attempt = serializers.IntegerField(allow_null=True, help_text="the attempt in progress, if any")
    answered = serializers.IntegerField(help_text="groups answered in the attempt in progress")
    failures_left = serializers.IntegerField(help_text="failed attempts allowed before a manager must reset")
    attempts = QualificationAttemptSerializer(many=True)
    latest = QualificationAttemptSerializer(allow_null=True, help_text="the latest finished attempt")
    message = serializers.CharField(help_text="what the state and the latest result mean, in words")
    managers = serializers.ListField(child=serializers.CharField(), help_text="who can let them try again")


class AnnotatorPageSerializer(serializers.Serializer):
    annotator = UserRefSerializer()
    computed_at = serializers.DateTimeField(allow_null=True)
    figures = AnnotatorQualitySerializer(allow_null=True, help_text="from the stored report; null before any")
    model = AnnotatorModelFiguresSerializer(
        allow_null=True, help_text="the production model's agreement with them; null without a measured model"
    )
    trend = TrendPointSerializer(many=True)
    paused = serializers.BooleanField()
    pauses = PauseSerializer(many=True)
    recent = ReviewedAnnotationSerializer(many=True)
    decisions = ReviewDecisionSerializer(many=True, help_text="review decisions on their annotations, newest first")
    qualification = QualificationStatusSerializer()
