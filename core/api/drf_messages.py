"""Django REST framework ships no Georgian catalogue.

Its messages use the "django" gettext domain, so listing the ones our endpoints can return here
puts them into our catalogue, where the Georgian translations live.
"""

from django.utils.translation import gettext_noop

DRF_MESSAGES = [
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop("A server error occurred."),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Ensure that there are no more than {max_decimal_places} decimal places."),
    gettext_noop("Ensure that there are no more than {max_digits} digits in total."),
    gettext_noop(
        "Ensure that there are no more than {max_whole_digits} digits before the decimal point."
    ),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop('Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Incorrect type. Expected pk value, received {data_type}."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("Invalid page."),
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),
    gettext_noop("Invalid token."),
    gettext_noop("Invalid token header. No credentials provided."),
    gettext_noop("Invalid token header. Token string should not contain spaces."),
    gettext_noop("Malformed request."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Must be a valid boolean."),
    gettext_noop('Must include "username" and "password".'),
    gettext_noop("Not a valid string."),
    gettext_noop("Not found."),
    gettext_noop("This field is required."),
    gettext_noop("This field may not be blank."),
    gettext_noop("This field may not be null."),
    gettext_noop("Unable to log in with provided credentials."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("You do not have permission to perform this action."),
]
