from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check of a login against the lockouts, for logins over HTTP.

    Every login form passes the request (the staff login and the admin's, through Django's
    AuthenticationForm). A call without one is a password checked inside the process (the shell,
    a management command, a test), which django-axes would refuse with an error; it has no client
    address to lock, so it is let through to the password check, which still applies."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
