"""Forms of the administrators' pages, with GOV.UK messages. They parse input; the services
decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from tracker.accounts.models import Organisation, Post, SignInEvent, User
from tracker.accounts.selectors import organisation_choices, post_choices
from tracker.core.forms import GovUKDateField, VersionField
from tracker.core.models import ClosureDay

# Users ------------------------------------------------------------------------------------------


class _PersonForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    role = forms.ChoiceField(
        label="Role",
        # An adviser belongs to no authority (`User.is_adviser`): never one of its roles.
        choices=[choice for choice in User.Role.choices if choice[0] != User.Role.ADVISER],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their role"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="None",
        help_text="For someone who works for a partner rather than the authority: they will "
        "see only the plans shared with their organisation, as an action owner or a viewer",
    )
    manages_organisation = forms.BooleanField(
        label="They manage their organisation's staff",
        required=False,
        help_text="Someone of a partner organisation who may invite and remove its own staff",
    )
    posts = forms.ModelMultipleChoiceField(
        label="Posts they hold (optional)",
        queryset=Post.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Whoever holds a post can update the actions it owns",
    )

    def __init__(
        self, *args: Any, local_authority_id: int, editing: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation_field = self.fields["organisation"]
        posts_field = self.fields["posts"]
        assert isinstance(organisation_field, forms.ModelChoiceField)  # noqa: S101
        assert isinstance(posts_field, forms.ModelMultipleChoiceField)  # noqa: S101
        organisation_field.queryset = organisation_choices(
            local_authority_id=local_authority_id,
            keep=[editing.organisation_id] if editing else (),
        )
        posts_field.queryset = post_choices(
            local_authority_id=local_authority_id,
            keep=editing.posts.all() if editing else (),
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "job_title": data["job_title"],
            "role": data["role"],
            "organisation": data["organisation"],
            "posts": list(data["posts"]),
            "manages_organisation": data["manages_organisation"],
        }


class UserInviteForm(_PersonForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What they will type to sign in, for example jo.smith. Letters, digits and "
        "@ . + - _ only",
        error_messages={"required": "Enter a username"},
    )
    field_order = ["first_name", "last_name", "email", "username", "job_title", "role"]

    def service_kwargs(self) -> dict[str, Any]:
        return {**super().service_kwargs(), "username": self.cleaned_data["username"]}


class UserUpdateForm(_PersonForm):
    version = VersionField()


class VersionForm(forms.Form):
    """A confirmation page's form: only the version of the record it was shown for."""

    version = VersionField()


# Posts and organisations ------------------------------------------------------------------------


class PostForm(forms.Form):
    version = VersionField()
    title = forms.CharField(
        label="Post title",
        max_length=200,
        help_text="As plans name it, for example Head of Service Safeguards",
        error_messages={"required": "Enter the post's title"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="The local authority",
        help_text="Choose a partner when the post is held there",
    )

    def __init__(
        self,
        *args: Any,
        local_authority_id: int,
        keep_organisation_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = organisation_choices(
            local_authority_id=local_authority_id, keep=[keep_organisation_id]
        )

    def service_kwargs(self) -> dict[str, Any]:
        return {
            "title": self.cleaned_data["title"],
            "organisation": self.cleaned_data["organisation"],
        }


class OrganisationForm(forms.Form):
    version = VersionField()
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example West Midlands Police",
        error_messages={"required": "Enter the organisation's name"},
    )
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of organisation it is"},
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {"name": self.cleaned_data["name"], "kind": self.cleaned_data["kind"]}


# Closure days -----------------------------------------------------------------------------------


class ClosureDayForm(forms.Form):
    falls_on = GovUKDateField(label="Date", noun="the date")
    kind = forms.ChoiceField(
        label="What happens that day",
        choices=ClosureDay.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the day is closed or a bank holiday worked"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="For example “Council closure day between Christmas and New Year”",
        error_messages={"required": "Enter why the day is different"},
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"falls_on": data["falls_on"], "kind": data["kind"], "reason": data["reason"]}


# Sign-in record ---------------------------------------------------------------------------------


class SignInEventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Show",
        choices=[("", "Everything"), *SignInEvent.Kind.choices],
        required=False,
    )
