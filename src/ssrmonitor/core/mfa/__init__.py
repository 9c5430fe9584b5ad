"""The second factor at sign-in: authenticator apps (TOTP), recovery codes and passkeys.

Built on django-otp (TOTP and static recovery codes) and django-otp-webauthn (passkeys, as a
second factor only). :mod:`.permissions` says who must pass it and who may reset another
person's devices; :mod:`.services` makes every change (audited, ``acting_user`` first);
:mod:`.middleware` holds every page, session API route and the admin until the session is
verified; :mod:`.views`, :mod:`.views_manage` and :mod:`.passkeys` are the pages.

API requests with a bearer token are not affected: tokens are issued by operators and are
refused outright when unknown, revoked or expired.
"""
