"""The demo local authority, its partner organisations and the demo users who sign in.

The authority and partners are real; the people are made up. None of them is staff or a
superuser: the demo administrator manages Solihull's users from the service's own
administration pages, and Django's admin is for the platform operator only.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.accounts.models import Organisation, User
from tracker.plans.demo import ilacs_2019, ilacs_2022, jtai_2022

LOCAL_AUTHORITY_NAME = "Solihull Metropolitan Borough Council"
LOCAL_AUTHORITY_SHORT_NAME = "Solihull"

POLICE = "West Midlands Police"
HEALTH = "Birmingham and Solihull Integrated Care Board"
PARTNERSHIP = "Solihull Safeguarding Children Partnership"

ORGANISATIONS: tuple[tuple[str, str], ...] = (
    (POLICE, Organisation.Kind.POLICE),
    (HEALTH, Organisation.Kind.HEALTH),
    (PARTNERSHIP, Organisation.Kind.SAFEGUARDING_PARTNERSHIP),
)

# Posts held in a partner organisation rather than the authority.
POST_ORGANISATIONS: dict[str, str] = {
    ilacs_2022.PARTNERSHIP_BUSINESS_MANAGER: PARTNERSHIP,
    **jtai_2022.POST_ORGANISATIONS,
}

POSTS: tuple[str, ...] = (
    *ilacs_2019.POSTS,
    *(theme.lead_post for theme in ilacs_2022.THEMES if theme.lead_post not in ilacs_2019.POSTS),
    *jtai_2022.POSTS,
)


@dataclass(frozen=True)
class PersonRow:
    username: str
    role: str
    first_name: str
    last_name: str
    job_title: str
    # A partner organisation's name, for people who work for a partner rather than the authority.
    organisation: str = ""
    email_domain: str = "solihull.example.org"
    posts: tuple[str, ...] = ()
    # A partner organisation's own administrator, who invites and removes its staff.
    manages_organisation: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@{self.email_domain}"


PEOPLE: tuple[PersonRow, ...] = (
    PersonRow(
        username="admin",
        role=User.Role.ADMINISTRATOR,
        first_name="Sam",
        last_name="Okafor",
        job_title="Systems administrator",
    ),
    PersonRow(
        username="lead",
        role=User.Role.IMPROVEMENT_LEAD,
        first_name="Jo",
        last_name="Bennett",
        job_title=ilacs_2022.ASSISTANT_DIRECTOR_IMPROVEMENT,
        posts=(ilacs_2022.ASSISTANT_DIRECTOR_IMPROVEMENT,),
    ),
    PersonRow(
        username="owner",
        role=User.Role.ACTION_OWNER,
        first_name="Chris",
        last_name="Morgan",
        job_title=ilacs_2019.SAFEGUARDS,
        posts=(ilacs_2019.SAFEGUARDS,),
    ),
    PersonRow(
        username="viewer",
        role=User.Role.VIEWER,
        first_name="Pat",
        last_name="Hughes",
        job_title="Improvement Board member",
    ),
    # A partner's action owner: owns West Midlands Police's actions, and no one else's.
    PersonRow(
        username="police",
        role=User.Role.ACTION_OWNER,
        first_name="Kiran",
        last_name="Dhillon",
        job_title=jtai_2022.POLICE_PUBLIC_PROTECTION,
        organisation=POLICE,
        email_domain="westmidlands-police.example.org",
        posts=(jtai_2022.POLICE_PUBLIC_PROTECTION,),
    ),
    # The health partner's action owner, who also manages the ICB's staff of the service.
    PersonRow(
        username="health",
        role=User.Role.ACTION_OWNER,
        first_name="Amara",
        last_name="Osei",
        job_title=jtai_2022.DESIGNATED_NURSE,
        organisation=HEALTH,
        email_domain="bsol-icb.example.org",
        posts=(jtai_2022.DESIGNATED_NURSE,),
        manages_organisation=True,
    ),
)

# The partner organisations the demo's plans are shared with (`PlanPartnerAccess`): the JTAI
# Statement of Action is the partnership's, so the police and health see it; nothing else.
SHARED_WITH_PARTNERS: tuple[tuple[str, str], ...] = (
    (jtai_2022.PLAN_TITLE, POLICE),
    (jtai_2022.PLAN_TITLE, HEALTH),
)
