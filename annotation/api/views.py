"""Auth, projects and annotating (docs/API.md). Each view parses its input, checks the caller's
role, calls one service or selector and answers."""

import mimetypes

from django.contrib.auth import authenticate, get_user_model, login, logout
from django.db import transaction
from django.http import FileResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.throttling import SignInPerAddressThrottle, SignInPerUsernameThrottle

from .. import media, selectors
from ..errors import Problem, Refused
from ..models import Role
from ..permissions import project_for
from ..services import assignment, projects, submission
from .serializers import (
    AnnotationReceiptSerializer,
    CredentialsSerializer,
    CsrfTokenSerializer,
    ImageUrlsSerializer,
    LogoutSerializer,
    MemberSerializer,
    NextTaskRequestSerializer,
    PersonSerializer,
    ProjectListItemSerializer,
    ProjectProgressSerializer,
    ProjectSerializer,
    ProjectSettingsSerializer,
    RemovedMemberSerializer,
    RolesSerializer,
    SkipSerializer,
    SubmissionSerializer,
    TaskSerializer,
    TokenSerializer,
    UserSerializer,
)

REFUSED = OpenApiResponse(description='`{"detail", "errors": [{"field", "rule", "message"}]}`')
THROTTLED = OpenApiResponse(description="Too many sign-in attempts: wait `Retry-After` seconds (same error body).")
CONFLICT = OpenApiResponse(description="Refused by the state of the data (same error body).")


def _parse(serializer_class, request, **kwargs):
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _bad_credentials():
    return Refused(Problem("password", "credentials", "unknown username or wrong password"))


# --- Auth ----------------------------------------------------------------------------------------


@extend_schema(tags=["auth"])
class CsrfView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=CsrfTokenSerializer, summary="Set the csrftoken cookie")
    @method_decorator(ensure_csrf_cookie)
    def get(self, request):
        return Response({"csrfToken": get_token(request)})


# Every attempt costs a password hash, an unknown username too: counted per username and per
# client address (config/throttling.py, rates in settings).
SIGN_IN_THROTTLES = [SignInPerAddressThrottle, SignInPerUsernameThrottle]


@extend_schema(tags=["auth"])
class LoginView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = SIGN_IN_THROTTLES

    @extend_schema(
        request=CredentialsSerializer, responses={200: UserSerializer, 400: REFUSED, 429: THROTTLED}, summary="Sign in"
    )
    def post(self, request):
        # Checked before anyone is signed in, too (login CSRF); scripts use auth/token/ instead.
        SessionAuthentication().enforce_csrf(request)
        credentials = _parse(CredentialsSerializer, request)
        user = authenticate(request, **credentials)
        if user is None:
            raise _bad_credentials()
        login(request, user)
        return Response(UserSerializer(user).data)


@extend_schema(tags=["auth"])
class LogoutView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        request=LogoutSerializer, responses={204: None, 400: REFUSED}, summary="Sign out (and revoke the API token)"
    )
    def post(self, request):
        revoke_token = _parse(LogoutSerializer, request)["revoke_token"]
        if revoke_token and request.user is not None:
            Token.objects.filter(user=request.user).delete()
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["auth"])
class MeView(APIView):
    @extend_schema(responses=UserSerializer, summary="The signed-in user (403 when signed out)")
    def get(self, request):
        return Response(UserSerializer(request.user).data)


@extend_schema(tags=["auth"])
class TokenView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = SIGN_IN_THROTTLES

    @extend_schema(
        request=CredentialsSerializer,
        responses={200: TokenSerializer, 400: REFUSED, 429: THROTTLED},
        summary="A token for scripts: send it as `Authorization: Token <key>`",
    )
    def post(self, request):
        user = authenticate(request, **_parse(CredentialsSerializer, request))
        if user is None:
            raise _bad_credentials()
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


@extend_schema(tags=["auth"])
class TokenRotateView(APIView):
    @extend_schema(
        request=None,
        responses=TokenSerializer,
        summary="A new token for the caller; the old one stops working (signed in by session or token)",
    )
    def post(self, request):
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            token = Token.objects.create(user=request.user)
        return Response({"token": token.key})


# --- Projects ------------------------------------------------------------------------------------


@extend_schema(tags=["projects"])
class ProjectListView(APIView):
    @extend_schema(responses=ProjectListItemSerializer(many=True), summary="The caller's projects and progress")
    def get(self, request):
        return Response(ProjectListItemSerializer(selectors.projects_with_progress(user=request.user), many=True).data)

    @extend_schema(
        request=ProjectSettingsSerializer, responses={201: ProjectSerializer, 400: REFUSED}, summary="Create (staff)"
    )
    def post(self, request):
        if not request.user.is_staff:
            raise PermissionDenied("Only staff create projects.")
        project = projects.create_project(created_by=request.user, **_parse(ProjectSettingsSerializer, request))
        project.roles = sorted(Role.values)
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["projects"])
class ProjectDetailView(APIView):
    @extend_schema(responses=ProjectSerializer, summary="Settings and protocol (members)")
    def get(self, request, project_id):
        return Response(ProjectSerializer(selectors.project_for_member(user=request.user, project_id=project_id)).data)

    @extend_schema(
        request=ProjectSettingsSerializer, responses={200: ProjectSerializer, 400: REFUSED}, summary="Change (manager)"
    )
    def patch(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        changes = _parse(ProjectSettingsSerializer, request, partial=True)
        projects.update_project(project=project, **changes)
        return Response(ProjectSerializer(selectors.project_for_member(user=request.user, project_id=project_id)).data)


@extend_schema(tags=["projects"])
class ProjectMembersView(APIView):
    @extend_schema(responses=MemberSerializer(many=True), summary="Members and their roles (manager)")
    def get(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        return Response(MemberSerializer(selectors.project_members(project=project), many=True).data)

    @extend_schema(
        request=MemberSerializer, responses={201: MemberSerializer, 400: REFUSED}, summary="Add a role (manager)"
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        data = _parse(MemberSerializer, request)
        user = get_user_model().objects.filter(username=data["username"]).first()
        if user is None:
            raise Refused(Problem("username", "unknown_user", f"no user is called {data['username']!r}"))
        membership = projects.add_member(project=project, user=user, role=data["role"])
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["projects"])
class ProjectPeopleView(APIView):
    @extend_schema(
        responses=PersonSerializer(many=True),
        summary="One row per member: roles, annotations, held groups, last activity (manager)",
    )
    def get(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        return Response(PersonSerializer(selectors.project_people(project=project), many=True).data)


def _member(project, username):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise Refused(Problem("username", "unknown_user", f"no user is called {username!r}"), status_code=404)
    return user


@extend_schema(tags=["projects"])
class ProjectPersonView(APIView):
    @extend_schema(
        request=RolesSerializer,
        responses={200: PersonSerializer, 400: REFUSED, 404: REFUSED, 409: CONFLICT},
        summary="Set a member's roles; losing `annotator` gives their held groups back (manager)",
    )
    def put(self, request, project_id, username):
        project = project_for(request.user, project_id, Role.MANAGER)
        roles = _parse(RolesSerializer, request)["roles"]
        projects.set_roles(project=project, user=_member(project, username), roles=roles)
        person = next(p for p in selectors.project_people(project=project) if p["username"] == username)
        return Response(PersonSerializer(person).data)

    @extend_schema(
        request=None,
        responses={200: RemovedMemberSerializer, 404: REFUSED, 409: CONFLICT},
        summary="Remove a member; their held groups go back to the queue, their annotations stay (manager)",
    )
    def delete(self, request, project_id, username):
        project = project_for(request.user, project_id, Role.MANAGER)
        returned = projects.remove_member(project=project, user=_member(project, username))
        return Response({"username": username, "leases_returned": returned})


@extend_schema(tags=["projects"])
class ProjectProgressView(APIView):
    @extend_schema(
        responses=ProjectProgressSerializer,
        summary="Groups complete, in progress and open; annotations per day; who is active; estimated finish (manager)",
    )
    def get(self, request, project_id):
        project = project_for(request.user, project_id, Role.MANAGER)
        return Response(ProjectProgressSerializer(selectors.project_progress(project=project)).data)


# --- Annotating ----------------------------------------------------------------------------------


@extend_schema(tags=["annotating"])
class NextTaskView(APIView):
    @extend_schema(
        request=NextTaskRequestSerializer,
        responses={
            200: TaskSerializer,
            204: OpenApiResponse(description="Nothing is left for the caller."),
            409: CONFLICT,
        },
        summary="The group to annotate next (a held one first; at most 2 held per project)",
    )
    def post(self, request, project_id):
        project = project_for(request.user, project_id, Role.ANNOTATOR)
        exclude = _parse(NextTaskRequestSerializer, request)["exclude"]
        lease = assignment.next_task(project=project, annotator=request.user, exclude_group_ids=exclude)
        if lease is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        # next_task loaded the task in its transaction: the lease may be gone by now.
        return Response(TaskSerializer(lease).data)


@extend_schema(tags=["annotating"])
class SubmitView(APIView):
    @extend_schema(
        request=SubmissionSerializer,
        responses={
            201: AnnotationReceiptSerializer,
            200: OpenApiResponse(
                AnnotationReceiptSerializer, description="A retry: the first answer, nothing written."
            ),
            400: REFUSED,
            409: CONFLICT,
        },
        summary="Submit ratings, flags and the ranking of a group",
    )
    def post(self, request, group_id):
        group = selectors.group_for(user=request.user, group_id=group_id, roles=[Role.ANNOTATOR])
        result = submission.submit_annotation(
            group=group, annotator=request.user, **_parse(SubmissionSerializer, request)
        )
        return Response(
            AnnotationReceiptSerializer(result.annotation).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


@extend_schema(tags=["annotating"])
class SkipView(APIView):
    @extend_schema(request=SkipSerializer, responses={204: None, 400: REFUSED, 409: CONFLICT}, summary="Skip a group")
    def post(self, request, group_id):
        group = selectors.group_for(user=request.user, group_id=group_id, roles=[Role.ANNOTATOR])
        assignment.skip_group(group=group, annotator=request.user, **_parse(SkipSerializer, request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["annotating"])
class ReleaseView(APIView):
    @extend_schema(request=None, responses={204: None}, summary="Give the lease back without skipping")
    def post(self, request, group_id):
        group = selectors.group_for(user=request.user, group_id=group_id, roles=[Role.ANNOTATOR])
        assignment.release_lease(group=group, annotator=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["annotating"])
class ImageUrlsView(APIView):
    @extend_schema(
        responses={200: ImageUrlsSerializer, 403: REFUSED, 404: REFUSED},
        summary="Fresh URLs of a held group's images, for its lease holder only (before `urls_expire_at`)",
    )
    def get(self, request, group_id):
        group = selectors.group_for(user=request.user, group_id=group_id, roles=[Role.ANNOTATOR])
        return Response(ImageUrlsSerializer(selectors.image_urls_for_holder(group=group, annotator=request.user)).data)


# --- Media ---------------------------------------------------------------------------------------


@extend_schema(exclude=True)
class MediaFileView(APIView):
    """An image file, for members of its project only. Files are immutable (a new upload gets a
    new name), so browsers may keep them for a year; `private` keeps shared caches out. With a
    bucket (STORAGE_URL), a redirect to a presigned URL of the object instead."""

    CACHE_CONTROL = "private, max-age=31536000, immutable"

    def perform_content_negotiation(self, request, force=False):
        # `<img>` asks for image/*; errors still answer in JSON.
        return super().perform_content_negotiation(request, force=True)

    def get(self, request, path):
        image = selectors.image_for_media(user=request.user, name=path)
        if media.in_bucket():  # the bucket serves it, to whoever holds a presigned URL
            response = HttpResponseRedirect(media.image_url(image.file.name))
            response["Cache-Control"] = "private, no-store"
            return response
        content_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        response = FileResponse(image.file.open("rb"), content_type=content_type)
        response["Cache-Control"] = self.CACHE_CONTROL
        return response
