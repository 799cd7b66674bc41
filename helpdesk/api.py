from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from core import params, ratelimit
from helpdesk import selectors, services
from helpdesk.models import Booking, BookingStatus, Device, Office, Slot, Topic
from helpdesk.permissions import is_volunteer
from helpdesk.serializers import (
    AppointmentSerializer,
    BookingCancelSerializer,
    BookingCreateSerializer,
    BookingMoveSerializer,
    BookingSerializer,
    MyBookingSerializer,
    OfficeSerializer,
    SlotSerializer,
    TopicSerializer,
)


class OfficeViewSet(viewsets.ReadOnlyModelViewSet[Office]):
    serializer_class = OfficeSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Office]:
        return selectors.offices().prefetch_related("opening_hours")


class TopicViewSet(viewsets.ReadOnlyModelViewSet[Topic]):
    serializer_class = TopicSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Topic]:
        return selectors.topics()


@extend_schema(
    parameters=[
        OpenApiParameter("office", OpenApiTypes.STR, description="Office slug"),
        OpenApiParameter("topic", OpenApiTypes.STR, description="Topic slug"),
        OpenApiParameter("device", OpenApiTypes.STR, enum=Device.values),
        OpenApiParameter("date", OpenApiTypes.DATE),
    ]
)
class FreeSlotViewSet(viewsets.ReadOnlyModelViewSet[Slot]):
    """Slots with a free place whose volunteers know the topic and device."""

    serializer_class = SlotSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Slot]:
        query = self.request.query_params
        office_slug = params.text(query, "office", default=None, max_length=100)
        topic_slug = params.text(query, "topic", default=None, max_length=100)
        office = get_object_or_404(Office, slug=office_slug) if office_slug else None
        topic = get_object_or_404(Topic, slug=topic_slug) if topic_slug else None
        device = params.choice(query, "device", Device, default="")
        day = params.date(query, "date", default=None)
        return selectors.free_slots(office=office, topic=topic, device=device, day=day)


class BookingViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet[Booking]):
    """Book a place (signed in, or as a guest with name and phone) and cancel it with its token."""

    serializer_class = BookingSerializer
    permission_classes = [permissions.AllowAny]
    queryset = Booking.objects.select_related("slot__office", "topic")

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = BookingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        user = request.user if request.user.is_authenticated else None
        ratelimit.throttle(request, "booking")
        try:
            booking = services.booking_create(user=user, **values)
        except services.BookingError as exc:
            return Response({"detail": exc.messages[0], "code": exc.code}, status=status.HTTP_409_CONFLICT)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BookingCancelSerializer, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        booking = self.get_object()
        data = BookingCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        own = request.user.is_authenticated and booking.user_id == request.user.pk
        if not own and data.validated_data["token"] != booking.token:
            raise PermissionDenied("Give the booking's token or sign in as the booker.")
        booking = services.booking_cancel(booking=booking, reason=data.validated_data["reason"])
        return Response(BookingSerializer(booking).data)


class MyAppointmentViewSet(viewsets.ReadOnlyModelViewSet[Booking]):
    """The signed-in volunteer's own upcoming appointments."""

    queryset = Booking.objects.none()  # tells the schema the model; get_queryset does the real work

    serializer_class = AppointmentSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Booking]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Booking.objects.none()
        if not is_volunteer(self.request.user):
            raise PermissionDenied
        return (
            Booking.objects.filter(
                slot__volunteers=self.request.user.pk,
                slot__ends_at__gte=timezone.now(),
                status=BookingStatus.ACTIVE,
            )
            .select_related("slot__office", "topic")
            .order_by("slot__starts_at", "id")
        )


class MyBookingViewSet(viewsets.ReadOnlyModelViewSet[Booking]):
    """The signed-in person's own bookings ("Meine Termine"): list, read, move to another free slot."""

    queryset = Booking.objects.none()  # tells the schema the model; get_queryset does the real work
    serializer_class = MyBookingSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Booking]:
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        # Only one's own: someone else's booking id answers 404, as if it did not exist.
        return (
            Booking.objects.filter(user=self.request.user.pk)
            .select_related("slot__office", "topic")
            .order_by("-slot__starts_at", "-id")
        )

    @extend_schema(request=BookingMoveSerializer, responses={200: MyBookingSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        booking = self.get_object()
        data = BookingMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            booking = services.booking_move_to_time(booking=booking, slot=data.validated_data["slot"])
        except services.BookingError as exc:
            return Response({"detail": exc.messages[0], "code": exc.code}, status=status.HTTP_409_CONFLICT)
        return Response(MyBookingSerializer(booking, context={"request": request}).data)
