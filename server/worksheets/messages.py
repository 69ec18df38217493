"""The messages a pupil or parent sees when an answer cannot be stored (B1 Dutch).

All in one module so that the translation check (tests/test_i18n.py) finds every one.
"""

MSG_UNKNOWN_FIELD = "Dit veld bestaat niet."
MSG_NOT_YOURS = {
    "parent": "Dit deel vult je ouder in op de eigen telefoon.",
    "teacher": "Dit deel vult je leerkracht in.",
    "pupil": "Dit deel vult de leerling zelf in.",
}

MSG_WRONG = "Dit antwoord klopt niet."
MSG_TOO_LONG = "Dit antwoord is te lang (maximaal {n} tekens)."
MSG_BAD_DATE = "Dit is geen goede datum."
MSG_NOT_IN_LIST = "Kies een antwoord uit de lijst."
MSG_TOO_MANY = "Je mag er maximaal {n} kiezen."
MSG_DOUBLE = "Je hebt hetzelfde antwoord twee keer gekozen."
MSG_OWN_EMPTY = "Schrijf je eigen kwaliteit op."
MSG_TOO_MANY_PHOTOS = "Je mag maximaal {n} foto's toevoegen."
MSG_BAD_PHOTO = "Deze foto klopt niet."
MSG_SIGN_NAME = "Schrijf je naam bij de handtekening."
MSG_SIGN_CONFIRM = "Zet een vinkje om te laten zien dat het klopt."
MSG_SIGN_TIME = "De tijd van de handtekening klopt niet."
