"""Serializers of the review and quality endpoints: the inputs they parse and the shapes they
answer with (the output ones also describe the answers in the OpenAPI schema)."""

from rest_framework import serializers

from annotation.models import Annotation, AnnotationStatus, ImageAnnotation


class AnnotationListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AnnotationStatus.choices, required=False)
    annotator = serializers.IntegerField(required=False, min_value=1, help_text="annotator's user id")
    group = serializers.IntegerField(required=False, min_value=1, help_text="prompt group id")


class ReviewInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "reject"])
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
        return judgment.image.file.url


class ReviewedAnnotationSerializer(serializers.ModelSerializer):
    group = GroupRefSerializer()
    annotator = UserRefSerializer()
    reviewed_by = UserRefSerializer(allow_null=True)
    images = ImageJudgmentSerializer(source="image_annotations", many=True)

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
            "images",
        ]


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


class ProjectQualitySerializer(serializers.Serializer):
    project = serializers.IntegerField()
    annotations = StatusCountsSerializer()
    overlap = OverlapSerializer()
    ratings = RatingAgreementSerializer(many=True)
    ranking = RankingAgreementSerializer()
    gold = GoldAccuracySerializer()
    annotators = AnnotatorQualitySerializer(many=True)
