"""Review and quality endpoints (docs/API.md, "Review and quality"): thin views over
`annotation.services.review` and the selectors of `annotation.quality`."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotation.models import Annotation, Role
from annotation.permissions import project_for, require_role
from annotation.quality import annotations_for_review, project_quality
from annotation.services.review import review_annotation

from .quality_serializers import (
    AnnotationListQuerySerializer,
    ProjectQualitySerializer,
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
        return Response(ProjectQualitySerializer(project_quality(project=project)).data)
