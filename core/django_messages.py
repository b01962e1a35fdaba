"""Django's own messages that its Georgian catalogue lacks (left untranslated, or added to
Django after the catalogue was last brought up to date), where our pages and the admin can show
them.

Our catalogue (LOCALE_PATHS) is read before Django's, so listing Django's exact msgid here puts
it into our catalogue with a Georgian translation, for every form at once: an invalid unit,
donor or framework code (the slug validator), rows beyond a formset's limit, a formset or a
multiple choice the request forged, a date and time the time zone cannot place, a user name in
the admin. tests/core/test_django_messages.py checks each is still Django's wording.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MESSAGES = [
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    gettext_noop(
        "ManagementForm data is missing or has been tampered with. Missing fields: "
        "%(field_names)s. You may need to file a bug report if the issue persists."
    ),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be "
        "ambiguous or it may not exist."
    ),
    # django.contrib.auth's catalogue, the same "django" domain.
    gettext_noop(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ "
        "characters."
    ),
]

DJANGO_PLURAL_MESSAGES = [
    ngettext_lazy(
        "Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"
    ),
    ngettext_lazy(
        "Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "num"
    ),
]
