from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotMixin
from participation.images import MAX_UPLOAD_BYTES
from participation.models import Category, Comment, Idea, Project


class IdeaForm(HoneypotMixin, forms.Form):
    title = forms.CharField(label=_("Title of your idea"), max_length=150)
    description = forms.CharField(label=_("Describe your idea"), widget=forms.Textarea(attrs={"rows": 6}))
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False, empty_label=_("No category")
    )
    location_text = forms.CharField(
        label=_("Where exactly? (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: at the fountain, by the entrance of the theatre."),
    )
    location_lat = forms.FloatField(label=_("Latitude (optional)"), required=False, min_value=-90, max_value=90)
    location_lon = forms.FloatField(label=_("Longitude (optional)"), required=False, min_value=-180, max_value=180)
    image = forms.FileField(
        label=_("Picture (optional)"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, at most 8 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(project=project)  # type: ignore[attr-defined]
        # While typing the title, similar ideas appear below it (htmx; without JavaScript nothing happens).
        self.fields["title"].widget.attrs.update(
            {
                "hx-get": reverse("participation:idea-similar", args=[project.slug]),
                "hx-trigger": "input changed delay:600ms",
                "hx-target": "#similar",
                "hx-swap": "outerHTML",
                "hx-sync": "this:replace",
                "autocomplete": "off",
            }
        )

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The picture is too large. Please choose one smaller than 8 MB."))
        return upload


PAPER_SOURCES = [(value, label) for value, label in Idea.Source.choices if value != Idea.Source.ONLINE]


class PaperIdeaForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=PAPER_SOURCES)
    submitted_on = forms.DateField(
        label=_("Handed in on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    submitter_name = forms.CharField(label=_("Name of the submitter (optional)"), max_length=120, required=False)
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(label=_("Text of the idea"), widget=forms.Textarea(attrs={"rows": 5}))
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False, empty_label=_("No category")
    )
    location_text = forms.CharField(label=_("Where exactly? (optional)"), max_length=200, required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(project=project)  # type: ignore[attr-defined]


class CommentForm(HoneypotMixin, forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentEditForm(forms.ModelForm[Comment]):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to everyone)"),
        max_length=300,
        help_text=_("For example: insulting, advertising, personal data."),
    )


class ModerateIdeaForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Idea.Status.choices)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False, empty_label=_("No category")
    )
    feedback = forms.CharField(
        label=_("Official feedback (public)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    moderator_notes = forms.CharField(
        label=_("Notes for moderators (not public)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, project: Project, current_status: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(project=project)  # type: ignore[attr-defined]
        # Only the author withdraws an idea; moderators see that status but do not give it.
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label)
            for value, label in Idea.Status.choices
            if value != Idea.Status.WITHDRAWN or current_status == Idea.Status.WITHDRAWN
        ]


class FollowForm(forms.Form):
    notify = forms.BooleanField(label=_("Send me e-mails about new ideas and answers"), required=False)


class IdeaEditForm(IdeaForm):
    """The author's form to change an idea: the submission form, plus taking the picture away."""

    remove_image = forms.BooleanField(label=_("Remove the picture"), required=False)

    def __init__(self, *args: Any, idea: Idea, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": idea.title,
                "description": idea.description,
                "category": idea.category_id,
                "location_text": idea.location_text,
                "location_lat": idea.location_lat,
                "location_lon": idea.location_lon,
            },
        )
        super().__init__(*args, project=idea.project, **kwargs)
        # Similar ideas are a hint while writing a new idea, not while correcting one.
        for attribute in ("hx-get", "hx-trigger", "hx-target", "hx-swap", "hx-sync"):
            self.fields["title"].widget.attrs.pop(attribute, None)
        if not idea.image:
            del self.fields["remove_image"]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw your idea?"),
        max_length=500,
        help_text=_(
            "Shown on the page of the idea, so that people who followed it understand. At most 500 characters."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DuplicateForm(forms.Form):
    original = forms.ModelChoiceField(
        label=_("This idea says the same as"),
        queryset=Idea.objects.none(),
        empty_label=_("Please choose the earlier idea"),
    )

    def __init__(self, *args: Any, idea: Idea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = (  # type: ignore[attr-defined]
            Idea.objects.filter(project_id=idea.project_id, duplicate_of__isnull=True)
            .exclude(pk=idea.pk)
            .exclude(status=Idea.Status.WITHDRAWN)
            .order_by("title")
        )
