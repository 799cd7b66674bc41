from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from rest_framework import serializers

from core import phones
from helpdesk.models import Booking, Device, Office, OpeningHours, Slot, Topic


class OpeningHoursSerializer(serializers.ModelSerializer[OpeningHours]):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]


class OfficeSerializer(serializers.ModelSerializer[Office]):
    opening_hours = OpeningHoursSerializer(many=True, read_only=True, help_text="Weekday 0 is Monday.")

    class Meta:
        model = Office
        fields = [
            "id",
            "name",
            "slug",
            "address",
            "room",
            "phone",
            "opening_hours",
            "accessibility_notes",
            "contact_person",
            "loan_devices",
        ]


class TopicSerializer(serializers.ModelSerializer[Topic]):
    class Meta:
        model = Topic
        fields = ["id", "name", "slug", "description"]


class SlotSerializer(serializers.ModelSerializer[Slot]):
    office: serializers.SlugRelatedField[Office] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    free_places = serializers.IntegerField(read_only=True)

    class Meta:
        model = Slot
        fields = ["id", "office", "kind", "title", "starts_at", "ends_at", "capacity", "free_places"]


class PhoneNumberField(serializers.CharField):
    """A phone number as people write it ("0631 52417"); validated and given on in E.164."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", "A phone number with area code, e.g. 0631 123456; stored in E.164.")
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        try:
            return phones.parse(super().to_internal_value(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages[0], code=exc.code) from exc


class BookingCreateSerializer(serializers.Serializer[Any]):
    slot = serializers.PrimaryKeyRelatedField(queryset=Slot.objects.all())
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    phone = PhoneNumberField(required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    topic = serializers.PrimaryKeyRelatedField(queryset=Topic.objects.all(), required=False, allow_null=True)
    device = serializers.ChoiceField(choices=Device.choices, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    needs_loan_device = serializers.BooleanField(required=False, default=False)
    consent = serializers.BooleanField()


class BookingSerializer(serializers.ModelSerializer[Booking]):
    """The booker's own view, including the token that manages the booking."""

    slot = SlotSerializer(read_only=True)
    topic: serializers.SlugRelatedField[Topic] = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Booking
        fields = ["id", "slot", "name", "topic", "device", "channel", "status", "token", "needs_loan_device"]


class BookingCancelSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AppointmentSerializer(serializers.ModelSerializer[Booking]):
    """What a volunteer sees: first name, topic, device, note."""

    first_name = serializers.CharField(read_only=True)
    topic: serializers.SlugRelatedField[Topic] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="slot.ends_at", read_only=True)
    office: serializers.SlugRelatedField[Office] = serializers.SlugRelatedField(
        source="slot.office", slug_field="slug", read_only=True
    )

    class Meta:
        model = Booking
        fields = [
            "id",
            "first_name",
            "topic",
            "device",
            "note",
            "needs_loan_device",
            "status",
            "starts_at",
            "ends_at",
            "office",
        ]


class MyBookingSerializer(serializers.ModelSerializer[Booking]):
    """A signed-in person's own booking, with the links to manage it."""

    slot = SlotSerializer(read_only=True)
    topic: serializers.SlugRelatedField[Topic] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    link = serializers.SerializerMethodField(help_text="The booking's page: change, cancel, slip.")
    calendar_file = serializers.SerializerMethodField(help_text="The appointment as an .ics file.")

    class Meta:
        model = Booking
        fields = ["id", "slot", "topic", "device", "channel", "status", "needs_loan_device", "link", "calendar_file"]

    def _absolute(self, name: str, booking: Booking) -> str:
        request = self.context.get("request")
        path = reverse(name, args=[booking.token])
        return request.build_absolute_uri(path) if request is not None else path

    def get_link(self, booking: Booking) -> str:
        return self._absolute("helpdesk:booking-detail", booking)

    def get_calendar_file(self, booking: Booking) -> str:
        return self._absolute("helpdesk:booking-ics", booking)


class BookingMoveSerializer(serializers.Serializer[Any]):
    slot = serializers.PrimaryKeyRelatedField(queryset=Slot.objects.select_related("office"))
