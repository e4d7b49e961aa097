from django.contrib.auth import views as auth_views
from django.urls import path

from tracker.accounts import views
from tracker.accounts.administration import views as manage_views
from tracker.accounts.advisers import views as adviser_views
from tracker.accounts.organisation import views as organisation_views
from tracker.accounts.sso import views as sso_views
from tracker.accounts.tokens import views as token_views
from tracker.accounts.two_factor import views as two_factor_views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    # Single sign-on with a work account (404 while it is not set up).
    path("sso/start/", sso_views.SsoStartView.as_view(), name="sso_start"),
    path("sso/callback/", sso_views.SsoCallbackView.as_view(), name="sso_callback"),
    path("sso/refused/", sso_views.sso_refused, name="sso_refused"),
    path("sso/welcome/", sso_views.sso_welcome, name="sso_welcome"),
    # The second factor for administrators who sign in with a password.
    path("two-factor/set-up/", two_factor_views.two_factor_set_up, name="two_factor_set_up"),
    path("two-factor/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    # An administrator's own sign-in security: recovery codes and a new authenticator app.
    path("security/", two_factor_views.security, name="security"),
    path(
        "security/recovery-codes/",
        two_factor_views.recovery_codes_create,
        name="recovery_codes_create",
    ),
    path(
        "security/authenticator-app/",
        two_factor_views.authenticator_app_replace,
        name="authenticator_app_replace",
    ),
    # Your account and password.
    path("", views.account_detail, name="account"),
    path("change-password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "change-password/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Your API tokens, for Power BI, Excel and other programs.
    path("tokens/", token_views.api_token_list, name="api_token_list"),
    path("tokens/new/", token_views.api_token_create, name="api_token_create"),
    path(
        "tokens/<int:api_token_id>/revoke/",
        token_views.api_token_revoke,
        name="api_token_revoke",
    ),
    # Open without signing in (Django's views are marked `login_not_required`).
    path("reset-password/", views.PasswordResetView.as_view(), name="password_reset"),
    path("reset-password/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset-password/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "reset-password/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "set-password/<uidb64>/<token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    # A partner organisation's administrator manages its own staff.
    path("organisation/staff/", organisation_views.organisation_staff, name="organisation_staff"),
    path(
        "organisation/staff/invite/",
        organisation_views.organisation_staff_invite,
        name="organisation_staff_invite",
    ),
    path(
        "organisation/staff/<int:member_id>/remove/",
        organisation_views.organisation_staff_remove,
        name="organisation_staff_remove",
    ),
    # Administrators manage their own authority.
    path("manage/", manage_views.manage, name="manage"),
    # Advisers (DfE, regional improvement partners) the authority lets in, read only.
    path("manage/advisers/", adviser_views.adviser_access_list, name="adviser_access_list"),
    path(
        "manage/advisers/<int:adviser_access_id>/withdraw/",
        adviser_views.adviser_access_withdraw,
        name="adviser_access_withdraw",
    ),
    path("manage/users/", manage_views.user_list, name="user_list"),
    path("manage/users/invite/", manage_views.user_invite, name="user_invite"),
    path("manage/users/<int:user_id>/edit/", manage_views.user_update, name="user_update"),
    path(
        "manage/users/<int:user_id>/deactivate/",
        manage_views.user_deactivate,
        name="user_deactivate",
    ),
    path(
        "manage/users/<int:user_id>/reactivate/",
        manage_views.user_reactivate,
        name="user_reactivate",
    ),
    path(
        "manage/users/<int:user_id>/resend-invitation/",
        manage_views.user_invitation_resend,
        name="user_invitation_resend",
    ),
    path(
        "manage/users/<int:user_id>/reset-second-factor/",
        manage_views.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    path("manage/posts/", manage_views.post_list, name="post_list"),
    path("manage/posts/new/", manage_views.post_create, name="post_create"),
    path("manage/posts/<int:post_id>/edit/", manage_views.post_update, name="post_update"),
    path("manage/posts/<int:post_id>/retire/", manage_views.post_retire, name="post_retire"),
    path(
        "manage/posts/<int:post_id>/reinstate/",
        manage_views.post_reinstate,
        name="post_reinstate",
    ),
    path("manage/organisations/", manage_views.organisation_list, name="organisation_list"),
    path(
        "manage/organisations/new/",
        manage_views.organisation_create,
        name="organisation_create",
    ),
    path(
        "manage/organisations/<int:organisation_id>/edit/",
        manage_views.organisation_update,
        name="organisation_update",
    ),
    path(
        "manage/organisations/<int:organisation_id>/retire/",
        manage_views.organisation_retire,
        name="organisation_retire",
    ),
    path(
        "manage/organisations/<int:organisation_id>/reinstate/",
        manage_views.organisation_reinstate,
        name="organisation_reinstate",
    ),
    path("manage/closure-days/", manage_views.closure_day_list, name="closure_day_list"),
    path("manage/closure-days/new/", manage_views.closure_day_create, name="closure_day_create"),
    path(
        "manage/closure-days/<int:closure_day_id>/remove/",
        manage_views.closure_day_remove,
        name="closure_day_remove",
    ),
    path("manage/tokens/", token_views.api_token_administration, name="api_token_administration"),
    path(
        "manage/tokens/<int:api_token_id>/revoke/",
        token_views.api_token_administrator_revoke,
        name="api_token_administrator_revoke",
    ),
    path("manage/sign-ins/", manage_views.sign_in_event_list, name="sign_in_event_list"),
    path("manage/single-sign-on/", sso_views.sso_settings, name="sso_settings"),
]
