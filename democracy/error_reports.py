"""Error reports (the debug page, the email to ADMINS, ``django.request`` logs) carry no secret.

Django hides only the POST parameters a view declares with ``sensitive_post_parameters``; this
filter also hides every parameter named like a secret (``democracy.audit.is_secret_name``: a
password, key, token, session key or one-time code), so a view that forgets to declare one
still cannot put it in a report (issue 11, Security 1).
"""

from __future__ import annotations

from django.views.debug import SafeExceptionReporterFilter

from democracy.audit import is_secret_name


class SecretsHiddenFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        if request is None or not parameters:
            return parameters
        cleansed = parameters.copy()
        for name in cleansed:
            if is_secret_name(name):
                cleansed[name] = self.cleansed_substitute
        return cleansed
