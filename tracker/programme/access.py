"""The only way to turn programme, project, deliverable, milestone and budget line ids into
objects. Anything of another local authority is "not found" (404), never "forbidden"."""

from __future__ import annotations

from django.http import Http404

from tracker.accounts.access import council_authority_for_user
from tracker.accounts.models import User
from tracker.programme.models import BudgetLine, Deliverable, Programme, Project, ProjectMilestone


def programme_get_for_user(*, user: User, programme_id: int) -> Programme:
    """The programme, if it belongs to the user's local authority; otherwise 404. The
    programme and its budget are the council's own: 403 for a partner organisation's people."""
    local_authority = council_authority_for_user(user=user)
    programme = Programme.objects.select_related("plan").filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No such programme")
    if programme.local_authority_id != local_authority.pk:
        raise Http404("No such programme")
    return programme


def project_get_for_user(*, user: User, programme_id: int, project_id: int) -> Project:
    """A project of a programme the user may see; otherwise 404."""
    programme = programme_get_for_user(user=user, programme_id=programme_id)
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        raise Http404("No such project")
    if project.programme_id != programme.pk:
        raise Http404("No such project")
    project.programme = programme
    return project


def deliverable_get_for_user(
    *, user: User, programme_id: int, project_id: int, deliverable_id: int
) -> Deliverable:
    """A deliverable of a project the user may see; otherwise 404."""
    project = project_get_for_user(user=user, programme_id=programme_id, project_id=project_id)
    deliverable = Deliverable.objects.filter(pk=deliverable_id).first()
    if deliverable is None:
        raise Http404("No such deliverable")
    if deliverable.project_id != project.pk:
        raise Http404("No such deliverable")
    deliverable.project = project
    return deliverable


def milestone_get_for_user(
    *, user: User, programme_id: int, project_id: int, milestone_id: int
) -> ProjectMilestone:
    """A milestone of a project the user may see; otherwise 404."""
    project = project_get_for_user(user=user, programme_id=programme_id, project_id=project_id)
    milestone = ProjectMilestone.objects.filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404("No such milestone")
    if milestone.project_id != project.pk:
        raise Http404("No such milestone")
    milestone.project = project
    return milestone


def budget_line_get_for_user(*, user: User, programme_id: int, budget_line_id: int) -> BudgetLine:
    """A budget line of a programme the user may see; otherwise 404."""
    programme = programme_get_for_user(user=user, programme_id=programme_id)
    line = BudgetLine.objects.select_related("project").filter(pk=budget_line_id).first()
    if line is None:
        raise Http404("No such budget line")
    if line.programme_id != programme.pk:
        raise Http404("No such budget line")
    line.programme = programme
    return line
