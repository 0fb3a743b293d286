"""Review and quality endpoints (docs/API.md, "Review and quality"): thin views over
`annotation.services.review` and the selectors of `annotation.quality`."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotation import dispatch
from annotation.errors import Problem, Refused
from annotation.models import Annotation, Membership, QualityReport, Role
from annotation.permissions import project_for, require_role
from annotation.quality import (
    annotations_for_review,
    annotator_page,
    model_agreement_of,
    project_quality,
    review_queue,
    stored_quality,
    with_model_agreement,
)
from annotation.selectors import gold_groups
from annotation.services.qualification import (
    mark_qualification_groups,
    my_qualification,
    qualification_status,
    reset_qualification,
    unmark_qualification_group,
)
from annotation.services.quality import pause_annotator, recompute_quality, resume_annotator
from annotation.services.review import review_annotation

from .quality_serializers import (
    AnnotationListQuerySerializer,
    AnnotatorPageSerializer,
    GoldGroupQuerySerializer,
    GoldGroupSerializer,
    MyQualificationSerializer,
    PauseInputSerializer,
    PauseSerializer,
    ProjectQualitySerializer,
    QualificationAttemptSerializer,
    QualificationGroupsInputSerializer,
    QualificationGroupsSerializer,
    QualityReportSerializer,
    QueuedAnnotationSerializer,
    ResumeInputSerializer,
    ReviewedAnnotationSerializer,
    ReviewInputSerializer,
)


@extend_schema(
    tags=["review"],
    summary="Annotations of a project for review (reviewer or manager)",
    parameters=[AnnotationListQuerySerializer],
)
class ProjectAnnotationsView(generics.ListAPIView):
    serializer_class = ReviewedAnnotationSerializer

    def get_queryset(self):
        project = project_for(self.request.user, self.kwargs["project_id"], Role.REVIEWER)
        query = AnnotationListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return annotations_for_review(
            project=project,
            status=query.validated_data.get("status"),
            annotator_id=query.validated_data.get("annotator"),
            group_id=query.validated_data.get("group"),
        )


class AnnotationReviewView(APIView):
    @extend_schema(
        tags=["review"],
        summary="Accept or reject an annotation (reviewer or manager; not one's own)",
        description="Rejecting gives the group's place back for relabelling and withdraws the annotation's "
        "comparisons. The same decision again answers 200 and changes nothing; a different decision on an "
        "already reviewed annotation is a manager's (409 for a reviewer).",
        request=ReviewInputSerializer,
        responses={200: ReviewedAnnotationSerializer},
    )
    def post(self, request, annotation_id):
        annotation = Annotation.objects.select_related("project").filter(pk=annotation_id).first()
        if annotation is None:
            raise Http404("No such annotation.")
        require_role(request.user, annotation.project, Role.REVIEWER)
        body = ReviewInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reviewed = review_annotation(annotation=annotation, reviewer=request.user, **body.validated_data)
        fresh = annotations_for_review(project=annotation.project).get(pk=reviewed.pk)
        return Response(ReviewedAnnotationSerializer(fresh).data, status=status.HTTP_200_OK)


class ProjectQualityView(APIView):
    @extend_schema(
        tags=["review"],
        summary="Agreement, gold accuracy and per-annotator figures (reviewer, researcher or manager)",
        responses={200: ProjectQualitySerializer},
    )
    def get(self, request, project_id):
        project = project_for(request.user, project_id, Role.REVIEWER, Role.RESEARCHER)
        figures = with_model_agreement(project_quality(project=project), model_agreement_of(project))
        return Response(ProjectQualitySerializer(figures).data)


class QualityReportView(APIView):
    @extend_schema(
        tags=["review"],
        summary="The stored quality figures and when they were computed (reviewer, researcher or manager)",
        description="Recomputed by a worker after new annotations; a project that has none yet is computed "
        "on the first request. `model`: the production reward model's agreement with the labelers, as its "
        "worker last measured it (null without a production model).",
        responses={200: QualityReportSerializer},
    )
    def get(self, request, project_id):
        project = project_for(request.user, project_id, Role.REVIEWER, Role.RESEARCHER)
        report = QualityReport.objects.filter(project=project).first() or recompute_quality(project=project)
        return Response(QualityReportSerializer(stored_quality(report=report)).data)

    @extend_schema(
        tags=["review"],
        summary="Recompute the quality figures now, in a worker (manager)",
        request=None,
        responses={202: None},
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        dispatch.recompute_quality(project.pk)
        return Response(status=status.HTTP_202_ACCEPTED)


@extend_schema(
    tags=["review"],
    summary="The review queue: paused and flagged annotators' work, the model's disagreement groups, samples "
    "(reviewer or manager)",
)
class ReviewQueueView(generics.ListAPIView):
    serializer_class = QueuedAnnotationSerializer

    def get_queryset(self):
        project = project_for(self.request.user, self.kwargs["project_id"], Role.REVIEWER)
        return review_queue(project=project, reviewer=self.request.user)


def _annotator(project, annotator_id):
    """A member of the project who annotates in it (or has annotated), else 404 naming the field."""
    if not 0 < annotator_id < 2**63:
        raise Refused(Problem("annotator", "unknown", "no such user"), status_code=404)
    membership = (
        Membership.objects.filter(project=project, user_id=annotator_id, role=Role.ANNOTATOR)
        .select_related("user")
        .first()
    )
    if membership is not None:
        return membership.user
    annotation = Annotation.objects.filter(project=project, annotator_id=annotator_id).select_related("annotator")
    if (found := annotation.first()) is not None:
        return found.annotator
    raise Refused(
        Problem("annotator", "unknown", f"user {annotator_id} is not an annotator of this project"), status_code=404
    )


class AnnotatorPageView(APIView):
    @extend_schema(
        tags=["review"],
        summary="One annotator's figures, trend, pauses, recent work and review decisions (reviewer or manager)",
        responses={200: AnnotatorPageSerializer},
    )
    def get(self, request, project_id, annotator_id):
        project = project_for(request.user, project_id, Role.REVIEWER)
        annotator = _annotator(project, annotator_id)
        page = annotator_page(project=project, annotator=annotator)
        page["qualification"] = qualification_status(project=project, annotator=annotator)
        return Response(AnnotatorPageSerializer(page).data)


class PauseAnnotatorView(APIView):
    @extend_schema(
        tags=["review"],
        summary="Pause an annotator by hand: no new work, held groups given back (manager)",
        request=PauseInputSerializer,
        responses={200: PauseSerializer},
    )
    def post(self, request, project_id, annotator_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        annotator = _annotator(project, annotator_id)
        body = PauseInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pause = pause_annotator(
            project=project,
            annotator=annotator,
            rule="manual",
            reason=body.validated_data["reason"],
            paused_by=request.user,
        )
        return Response(PauseSerializer(pause).data)


class ResumeAnnotatorView(APIView):
    @extend_schema(
        tags=["review"],
        summary="Resume a paused annotator, saying why (manager; audited)",
        request=ResumeInputSerializer,
        responses={200: PauseSerializer},
    )
    def post(self, request, project_id, annotator_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        annotator = _annotator(project, annotator_id)
        body = ResumeInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pause = resume_annotator(
            project=project, annotator=annotator, resumed_by=request.user, note=body.validated_data["note"]
        )
        return Response(PauseSerializer(pause).data)


class QualificationGroupsView(generics.ListAPIView):
    serializer_class = GoldGroupSerializer

    @extend_schema(
        tags=["review"],
        summary="The project's gold groups, each with whether it is in the qualification set (manager)",
        parameters=[GoldGroupQuerySerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        project = project_for(self.request.user, self.kwargs["project_id"], Role.MANAGER)
        query = GoldGroupQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return gold_groups(project=project, in_qualification_set=query.validated_data["qualification"])

    @extend_schema(
        tags=["review"],
        summary="Mark gold groups as the project's qualification set (manager)",
        request=QualificationGroupsInputSerializer,
        responses={200: QualificationGroupsSerializer},
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        body = QualificationGroupsInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        groups = mark_qualification_groups(
            project=project, group_ids=body.validated_data["groups"], marked_by=request.user
        )
        return Response({"groups": [g.pk for g in groups]})


class QualificationGroupView(APIView):
    @extend_schema(
        tags=["review"],
        summary="Take a group out of the qualification set; it stays a gold group (manager)",
        description="Refused (409) while an annotator's qualification attempt in progress holds or answered "
        "the group. A group that is not in the set is left as it is.",
        request=None,
        responses={200: GoldGroupSerializer},
    )
    def delete(self, request, project_id, group_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        group = unmark_qualification_group(project=project, group_id=group_id, unmarked_by=request.user)
        return Response(GoldGroupSerializer(gold_groups(project=project).get(pk=group.pk)).data)


class MyQualificationView(APIView):
    @extend_schema(
        tags=["annotating"],
        summary="The caller's qualification in the project: progress, results and what they mean (annotator)",
        description="Records the result of an attempt that has all its answers before answering, as next-task does.",
        responses={200: MyQualificationSerializer},
    )
    def get(self, request, project_id):
        project = project_for(request.user, project_id, Role.ANNOTATOR)
        return Response(MyQualificationSerializer(my_qualification(project=project, annotator=request.user)).data)


class QualificationResetView(APIView):
    @extend_schema(
        tags=["review"],
        summary="Let an annotator who failed the qualification try again, saying why (manager; audited)",
        request=ResumeInputSerializer,
        responses={200: QualificationAttemptSerializer(many=True)},
    )
    def post(self, request, project_id, annotator_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        annotator = _annotator(project, annotator_id)
        body = ResumeInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attempts = reset_qualification(
            project=project, annotator=annotator, reset_by=request.user, note=body.validated_data["note"]
        )
        return Response(QualificationAttemptSerializer(attempts, many=True).data)
